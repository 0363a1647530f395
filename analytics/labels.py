"""Words shown to people: verdicts, reasons and table captions in vi and en.

Vietnamese is the default language; any locale whose language is not
Vietnamese gets the English words.
"""

from __future__ import annotations

from enum import StrEnum

from babel import Locale

from analytics.formatting import parse_locale

__all__ = ["label"]

_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "excellent": "Xuất sắc",
        "meets_point_estimate": "Đạt ngưỡng, chưa khẳng định được",
        "below": "Dưới ngưỡng",
        "insufficient_data": "Chưa đủ dữ liệu",
        "grade": "Mức độ",
        "not_full_online": "Không phải dịch vụ công trực tuyến toàn trình",
        "no_criterion": "Không đáp ứng tiêu chí nào",
        "below_selected": "Xếp sau các dịch vụ đã chọn",
        "most_online_dossiers": "Số hồ sơ trực tuyến cao nhất",
        "satisfaction_excellent": "Mức độ hài lòng vượt ngưỡng xuất sắc",
        "savings": "Tiết kiệm chi phí, thời gian",
        "citizen": "Người dân",
        "business": "Doanh nghiệp",
        "meets_target": "Đạt chỉ tiêu",
        "misses_target": "Chưa đạt chỉ tiêu",
        "improved": "Tăng rõ rệt",
        "worsened": "Giảm rõ rệt",
        "no_detectable_change": "Chưa thấy thay đổi rõ rệt",
    },
    "en": {
        "excellent": "Excellent",
        "meets_point_estimate": "Meets the threshold, not yet conclusive",
        "below": "Below the threshold",
        "insufficient_data": "Insufficient data",
        "grade": "Grade",
        "not_full_online": "Not a full-online service",
        "no_criterion": "Meets no criterion",
        "below_selected": "Ranked below the selected services",
        "most_online_dossiers": "Among the most online dossiers",
        "satisfaction_excellent": "Satisfaction significantly above the threshold",
        "savings": "Saves cost and time",
        "citizen": "Citizens",
        "business": "Businesses",
        "meets_target": "Meets the target",
        "misses_target": "Below the target",
        "improved": "Improved",
        "worsened": "Worsened",
        "no_detectable_change": "No detectable change",
    },
}


def label(key: str | StrEnum, locale: str | Locale = "vi") -> str:
    """Return the words for ``key`` (a verdict, reason, criterion …) in ``locale``.

    >>> label("excellent", "vi")
    'Xuất sắc'
    >>> label("insufficient_data", "en_GB")
    'Insufficient data'
    """
    language = "vi" if parse_locale(locale).language == "vi" else "en"
    try:
        return _WORDS[language][str(key)]
    except KeyError:
        known = ", ".join(sorted(_WORDS["en"]))
        raise ValueError(f"no words for {str(key)!r}; known keys are: {known}") from None
