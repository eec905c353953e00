"""Press Information Bureau releases (pib.gov.in), listing page → PressReleasePage.aspx?PRID=….

Release pages print "Posted On: 10 MAY 2024 1:08PM by PIB Delhi" (IST, no
offset) under the title. PIB's full archive pager is an ASP.NET postback form;
the spider follows ordinary next-page links where a listing has them and
otherwise reads the first page (the default "all releases" page covers the day).
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from crawlers.listing import ListingSpider

# Hindi release pages say "प्रविष्टि तिथि: 11 JUL 2024 6:45PM by PIB Delhi", with the date in English
POSTED_ON = re.compile(
    r"(?:Posted\s+On|प्रविष्टि\s+तिथि)\s*:?\s*(\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}(?:\s+\d{1,2}:\d{2}\s*[AP]M)?)",
    re.IGNORECASE,
)


def posted_on(text: str) -> str | None:
    """'Posted On: 10 MAY 2024 1:08PM by PIB Delhi' → '10 MAY 2024 1:08PM'.

    >>> posted_on("प्रविष्टि तिथि: 11 JUL 2024 6:45PM by PIB Delhi")
    '11 JUL 2024 6:45PM'
    """
    match = POSTED_ON.search(" ".join(text.split()))
    return match.group(1) if match else None


class PibSpider(ListingSpider):
    name = "pib"
    default_url = "https://pib.gov.in/allRel.aspx"
    default_tz = ZoneInfo("Asia/Kolkata")
    link_pattern = re.compile(r"PressRelea?se(?:Page|Detail|Iframe)\w*\.aspx\?PRID=\d+", re.IGNORECASE)

    def page_title(self, response) -> str | None:
        # every release page's <title> is "Press Release: Press Information Bureau"; the headline is the h2
        return (
            response.xpath(
                'normalize-space(//div[contains(@class, "innner-page-main-about-us-content-right-part")]//h2'
                ' | //div[contains(@class, "MinistryNameSubhead")]/following::h2[1])'
            ).get()
            or None
        )

    def page_date(self, response) -> str | None:
        block = " ".join(
            response.xpath(
                '//*[contains(@class, "ReleaseDateSubHeaddateTime")'
                ' or contains(@class, "ReleaseDate")]//text()'
            ).getall()
        )
        return posted_on(block) or posted_on(" ".join(response.xpath("//body//text()").getall()[:400]))
