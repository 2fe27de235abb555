"""The month's record form: one page for the whole meeting (time and place, attendance with everyone
present by default, content, votes, tasks, scores), parsed into a services.Record. The values that
start it are record_initial.py's."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from branches.forms import DateField
from branches.widgets import QuickSelect

from . import rules
from .forms import TimeField
from .models import Attendance, Meeting, ScoreCriterion, ScoreSheet, Task
from .services import REASON_NEEDED, Record, RosterEntry

# The record's own fields under the form's names (the times come from day, start and end; `online`
# is not on the form where the pilot is off).
FORM_FIELDS = {
    name.removesuffix("_id"): name
    for name in Record.MEETING_FIELDS
    if name not in ("started_at", "ended_at", "online")
}


ATTENDANCE_CHOICES = [(s.value, s.label) for s in Attendance.Status if s != Attendance.Status.NOT_COUNTED]


TASK_ROWS = 3  # new assignments per meeting on the form; more can be added by saving and editing


class MeetingForm(forms.Form):
    """The minutes of one meeting. Attendance and scores get one field per member / criterion."""

    kind = forms.ChoiceField(label="Loại buổi sinh hoạt", choices=Meeting.Kind.choices)
    day = DateField(label="Ngày họp")
    start = TimeField(label="Bắt đầu")
    end = TimeField(label="Kết thúc")
    place = forms.CharField(label="Địa điểm", max_length=200, required=False)
    online = forms.BooleanField(label="Sinh hoạt trực tuyến (thí điểm)", required=False)
    chair = forms.TypedChoiceField(
        label="Chủ trì", coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    recorder = forms.TypedChoiceField(
        label="Thư ký", coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    agenda = forms.CharField(label="Chương trình", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    topic = forms.CharField(label="Tên chuyên đề", max_length=300, required=False)
    presenter = forms.TypedChoiceField(
        label="Người trình bày chuyên đề", coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    discussion = forms.CharField(
        label="Thảo luận (mỗi dòng: Người phát biểu: nội dung)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    commendations = forms.CharField(
        label="Biểu dương", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reminders = forms.CharField(
        label="Nhắc nhở, phê bình", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    conclusion = forms.CharField(
        label="Kết luận / nghị quyết", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    votes_for = forms.IntegerField(label="Tán thành", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0, required=False)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0, required=False)
    dues_reported = forms.BooleanField(label="Đã báo cáo thu, nộp đảng phí", required=False)
    materials_posted_on = DateField(label="Ngày đăng tài liệu lên Sổ tay đảng viên", required=False)
    guest_name = forms.CharField(label="Đại biểu cấp trên (họ tên)", max_length=120, required=False)
    guest_title = forms.CharField(label="Chức vụ", max_length=200, required=False)
    guest_following = forms.BooleanField(label="Là cấp ủy viên phụ trách chi bộ", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    # Where a service's refusal is shown: it speaks of the record's fields, the form has others.
    SERVICE_FIELDS = {"started_at": "day", "ended_at": "end"}
    # The folded sections of the page (<details>) and the fields inside each; a section with an
    # error is rendered open.
    SECTIONS = {
        "content": (
            "agenda",
            "topic",
            "presenter",
            "discussion",
            "commendations",
            "reminders",
            "guest_name",
            "guest_title",
            "guest_following",
        ),
        "votes": (
            "votes_for",
            "votes_against",
            "votes_abstain",
            "dues_reported",
            "materials_posted_on",
            "task_",
            "follow_",
        ),
        "scores": ("score_",),
    }
    TOP = ("kind", "day", "start", "end", "place", "online", "chair", "recorder")

    def __init__(
        self,
        *args,
        entries: list[RosterEntry],
        sheet: ScoreSheet | None,
        online_allowed: bool,
        open_tasks=(),
        committee: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            c for c in Meeting.Kind.choices if (c[0] == Meeting.Kind.COMMITTEE) == committee
        ]
        self.entries = entries
        self.open_tasks = list(open_tasks)
        counted = [(e.member.pk, e.member.label) for e in entries if e.counted]
        for name, empty in (("chair", "Chọn người chủ trì"), ("recorder", "Chọn thư ký"), ("presenter", "—")):
            self.fields[name].choices = [("", empty), *counted]
        if not online_allowed:
            del self.fields["online"]
        for entry in entries:
            if entry.counted:
                self.fields[f"att_{entry.member.pk}"] = forms.ChoiceField(
                    choices=ATTENDANCE_CHOICES,
                    initial=Attendance.Status.PRESENT,
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                )
                self.fields[f"reason_{entry.member.pk}"] = forms.CharField(max_length=200, required=False)
        for i in range(TASK_ROWS):
            self.fields[f"task_member_{i}"] = forms.TypedChoiceField(
                label="Đồng chí",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "—"), *counted],
                widget=QuickSelect,
            )
            self.fields[f"task_text_{i}"] = forms.CharField(label="Nhiệm vụ", max_length=500, required=False)
            self.fields[f"task_deadline_{i}"] = DateField(label="Thời hạn", required=False)
        for task in self.open_tasks:
            self.fields[f"follow_{task.pk}"] = forms.ChoiceField(
                label=f"{task.member.label}: {task.description}",
                choices=Task.Status.choices,
                initial=task.status,
            )
        self.criteria: list[ScoreCriterion] = [
            c for c in (sheet.criteria.all() if sheet else []) if not c.auto
        ]
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=c.label,
                min_value=0,
                max_value=c.max_points,
                initial=c.max_points,
                help_text=f"tối đa {c.max_points} điểm",
                # Missing when the kind was changed to one with another sheet: its criteria are new here.
                error_messages={"required": f"Hãy chấm tiêu chí này (tối đa {c.max_points} điểm)."},
            )

    def attendance_rows(self):
        """(entry, bound status field, bound reason field) for the template."""
        for entry in self.entries:
            if entry.counted:
                yield entry, self[f"att_{entry.member.pk}"], self[f"reason_{entry.member.pk}"]

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def task_rows(self):
        for i in range(TASK_ROWS):
            yield self[f"task_member_{i}"], self[f"task_text_{i}"], self[f"task_deadline_{i}"]

    def votes_fields(self):
        return [self["votes_for"], self["votes_against"], self["votes_abstain"]]

    def follow_up_fields(self):
        return [self[f"follow_{t.pk}"] for t in self.open_tasks]

    # What the page needs when the record is refused -------------------------------------------

    def _in_page_order(self) -> list[str]:
        """The field names in the order the page shows them."""
        names = list(self.TOP)
        for entry in self.entries:
            if entry.counted:
                names += [f"att_{entry.member.pk}", f"reason_{entry.member.pk}"]
        names.append("conclusion")
        for prefixes in self.SECTIONS.values():
            names += [
                n for p in prefixes for n in self.fields if n == p or (p.endswith("_") and n.startswith(p))
            ]
        return [n for n in names if n in self.fields]

    def _section_of(self, name: str) -> str | None:
        for section, prefixes in self.SECTIONS.items():
            if any(name == p or (p.endswith("_") and name.startswith(p)) for p in prefixes):
                return section
        return None

    def open_sections(self) -> dict[str, bool]:
        """Each folded section: open when one of its fields has an error."""
        opened = dict.fromkeys(self.SECTIONS, False)
        for name in self.errors:
            if section := self._section_of(name):
                opened[section] = True
        return opened

    def _summary_label(self, name: str) -> str:
        if name.startswith(("att_", "reason_")):
            member_id = int(name.partition("_")[2])
            return next(e.member.full_name for e in self.entries if e.member.pk == member_id)
        if name.startswith("task_"):
            return f"{self.fields[name].label} (dòng {int(name.rpartition('_')[2]) + 1})"
        if name.startswith("follow_"):
            return "Kết quả nhiệm vụ kỳ trước"
        return str(self.fields[name].label)

    def error_summary(self) -> list[tuple[str, str]]:
        """(what to fix, the id of the field to go to, or "") in page order, the form's own
        errors first."""
        rows = [(str(e), "") for e in self.non_field_errors()]
        for name in self._in_page_order():
            bound = self[name]
            anchor = (
                f"{bound.auto_id}_0" if isinstance(bound.field.widget, forms.RadioSelect) else bound.auto_id
            )
            rows += [(f"{self._summary_label(name)}: {e}", anchor) for e in bound.errors]
        return rows

    def vote_base(self) -> int:
        """Official members marked present on the page: who may vote (Điều lệ Đ.3: dự bị do not)."""
        return sum(
            1
            for entry in self.entries
            if entry.counted and rules.may_vote(self[f"att_{entry.member.pk}"].value(), entry.probationary)
        )

    def clean(self):
        data = super().clean()
        for entry in self.entries:
            pk = entry.member.pk
            if (
                entry.counted
                and data.get(f"att_{pk}") == Attendance.Status.EXCUSED
                and not (data.get(f"reason_{pk}") or "").strip()
            ):
                self.add_error(f"reason_{pk}", REASON_NEEDED.format(name=entry.member.full_name))
        for i in range(TASK_ROWS):
            if bool(data.get(f"task_member_{i}")) != bool((data.get(f"task_text_{i}") or "").strip()):
                self.add_error(f"task_text_{i}", "Ghi cả người được giao và nội dung nhiệm vụ.")
        if self.errors:
            return data
        tz = timezone.get_current_timezone()
        data["started_at"] = timezone.make_aware(datetime.combine(data["day"], data["start"]), tz)
        data["ended_at"] = timezone.make_aware(datetime.combine(data["day"], data["end"]), tz)
        return data

    def to_record(self) -> Record:
        d = self.cleaned_data
        attendance = {
            e.member.pk: (d[f"att_{e.member.pk}"], d[f"reason_{e.member.pk}"])
            for e in self.entries
            if e.counted
        }
        speeches = []
        for line in d["discussion"].splitlines():
            speaker, _, gist = line.partition(":")
            if line.strip():
                speeches.append(
                    {"speaker": speaker.strip() if gist else "", "gist": (gist or speaker).strip()}
                )
        guests = []
        if d["guest_name"].strip():
            guests.append(
                {
                    "name": d["guest_name"].strip(),
                    "title": d["guest_title"].strip(),
                    "is_following_member": d["guest_following"],
                }
            )
        return Record(
            **{name: d[field] for field, name in FORM_FIELDS.items()},
            started_at=d["started_at"],
            ended_at=d["ended_at"],
            online=d.get("online", False),
            attendance=attendance,
            guests=guests,
            speeches=speeches,
            tasks=[
                {
                    "member_id": d[f"task_member_{i}"],
                    "description": d[f"task_text_{i}"].strip(),
                    "deadline": d[f"task_deadline_{i}"],
                }
                for i in range(TASK_ROWS)
                if d[f"task_member_{i}"]
            ],
            follow_ups={
                t.pk: d[f"follow_{t.pk}"] for t in self.open_tasks if d[f"follow_{t.pk}"] != t.status
            },
        )

    def manual_scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}
