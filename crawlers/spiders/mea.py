"""Ministry of External Affairs press releases (mea.gov.in), newest first, following the pager.

Release pages live at `press-releases.htm?dtl/<id>/<Title_With_Underscores>`
(also `bilateral-documents.htm?dtl/…`, `media-briefings.htm?dtl/…`); the
listing prints "July 09, 2024" next to each link, and the release page prints
the same date under its heading without a time or zone (read as IST).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from crawlers.listing import DATE_IN_TEXT, ListingSpider


class MeaSpider(ListingSpider):
    name = "mea"
    default_url = "https://www.mea.gov.in/press-releases.htm?51/Press_Releases"
    default_tz = ZoneInfo("Asia/Kolkata")
    link_pattern = re.compile(
        r"(?:press-releases|bilateral-documents|media-briefings)\.htm\?dtl/\d+", re.IGNORECASE
    )

    def page_date(self, response) -> str | None:
        # the date sits in the heading block, before the body; searching the whole page would pick
        # up dates quoted in the text ("the agreement of October 5, 2018")
        head = " ".join(
            response.xpath(
                '//*[contains(@class, "date") or contains(@class, "Date")]//text()'
                " | //h1/following-sibling::*[position() <= 2]//text()"
                " | //h2/following-sibling::*[position() <= 2]//text()"
            ).getall()
        )
        match = DATE_IN_TEXT.search(head)
        return match.group(0) if match else None
