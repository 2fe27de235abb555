"""The words of the ratings demo: discipline grounds, comments, re-rating reasons."""

# Violations "liên quan đến thực thi công vụ": khiển trách or heavier makes the year KHTNV (QĐ 366 Điều 11).
DUTY_VIOLATIONS = [
    "Thiếu trách nhiệm trong quản lý đất đai, để xảy ra lấn chiếm đất công trên địa bàn được phân công",
    "Vi phạm quy định về quản lý tài chính, tài sản công tại đơn vị",
    "Buông lỏng kiểm tra, để xảy ra sai phạm trong xét duyệt hồ sơ hộ nghèo",
    "Vi phạm quy trình thẩm định hồ sơ, gây chậm trễ giải quyết thủ tục hành chính cho người dân",
    "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao, để xảy ra thất thoát kinh phí hỗ trợ",
]
# Violations outside public duty: not a KHTNV trigger under QĐ 366, but the year is not a good one.
OTHER_VIOLATIONS = [
    "Vắng sinh hoạt chi bộ nhiều lần không có lý do",
    "Chậm đóng đảng phí nhiều tháng không có lý do chính đáng",
    "Chưa chấp hành nghiêm quy định về tự phê bình và phê bình tại chi bộ",
]
HOST_COMMENTS = [
    "Trong thời gian sinh hoạt tạm thời, đồng chí chấp hành tốt nội quy, tham gia sinh hoạt đầy đủ và hoàn thành "
    "nhiệm vụ chi bộ phân công.",
    "Đồng chí sinh hoạt đều đặn, giữ mối liên hệ với chi bộ nơi cư trú, không có biểu hiện vi phạm.",
]
# Mẫu 03-HD KĐ.ĐG: why a published result is cancelled and the member rated again.
RERATE_DOWN_EXCELLENT = [
    "Qua kiểm tra của Ủy ban Kiểm tra, đồng chí kê khai số nhiệm vụ vượt yêu cầu chưa đúng thực tế; "
    "không đủ tiêu chuẩn hoàn thành xuất sắc nhiệm vụ.",
    "Sau khi công bố có đơn phản ánh; qua xác minh, một số nhiệm vụ đồng chí báo cáo vượt yêu cầu chưa được "
    "cấp có thẩm quyền đánh giá như vậy.",
]
RERATE_DOWN_GOOD = [
    "Qua xác minh đơn phản ánh, đồng chí chưa hoàn thành đúng tiến độ một số nhiệm vụ được giao trong năm.",
    "Cấp ủy cấp trên kiểm tra, phát hiện chi bộ xếp loại chưa đúng tiêu chí; nhiệm vụ được giao còn chậm tiến độ.",
]
