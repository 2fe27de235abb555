"""Vietnamese text: NFC storage, accent-insensitive matching, dictionary name order."""

import unicodedata

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_RANK = {letter: index + 10 for index, letter in enumerate(_ALPHABET)}  # two digits, 10..44


def nfc(text: str) -> str:
    """A one-line value (a name, a title): NFC, runs of white space made one space."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def nfc_lines(text: str) -> str:
    """Multi-line text (minutes, conclusions): NFC, line breaks kept, each line trimmed."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text).splitlines()]
    return "\n".join(lines).strip()


def fold(text: str) -> str:
    """Lower case without diacritics: "Nguyễn Văn Đạt" -> "nguyen van dat"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def login_name(full_name: str) -> str:
    """A login as offices write them: the given name, then the other names' initials, no
    diacritics: "Nguyễn Văn Đạt" -> "datnv"."""
    words = [
        w
        for w in ("".join(c for c in word if c.isascii() and c.isalnum()) for word in fold(full_name).split())
        if w
    ]
    return words[-1] + "".join(w[0] for w in words[:-1]) if words else ""


def _letters(word: str) -> list[tuple[str, int]]:
    """Each letter of a word as (letter with its vowel modifier, tone number)."""
    out = []
    for ch in word.lower():
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(p for p in parts if p not in _TONES)
        tone = next((_TONES[p] for p in parts if p in _TONES), 0)
        out.append((unicodedata.normalize("NFC", base), tone))
    return out


def name_sort_key(full_name: str) -> str:
    """Digits only, so it sorts the same under every database collation.

    Vietnamese lists are ordered by given name (the last word), then the middle names, then the
    family name; letters in alphabet order (a < ă < â < b … d < đ), tone marks breaking ties.
    """
    words = full_name.split()
    if not words:
        return ""
    ordered = words[-1:] + words[1:-1] + words[:1]
    primary, tones = [], []
    for word in ordered:
        for letter, tone in _letters(word):
            rank = _RANK.get(letter)
            if rank is None:
                if not letter.isalnum():
                    continue
                rank = 45 + min(ord(letter[0]) % 50, 54)
            primary.append(f"{rank:02d}")
            tones.append(str(tone))
        primary.append("00")
    return "".join(primary) + "".join(tones)
