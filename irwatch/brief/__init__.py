"""The weekly brief: headline numbers, charts, deals board, sanctions and top stories of one period, as a
self-contained HTML page or Markdown (`irwatch report`), emailed once per week and recipient.

`send_weekly_brief(settings, now)` is what the maintenance DAG calls on Monday morning.
"""

from irwatch.brief.period import Period, day_range, parse_week, previous_week
from irwatch.brief.send import BriefSendError, BriefSendResult, make_brief, send_brief, send_weekly_brief

__all__ = ["BriefSendError", "BriefSendResult", "Period", "day_range", "make_brief", "parse_week", "previous_week",
           "send_brief", "send_weekly_brief"]
