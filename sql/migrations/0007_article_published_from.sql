-- Which evidence gave an article its publication date ("meta article:published_time", "url", "feed",
-- "htmldate" ...). A date that is only htmldate's guess from the text may be an older event's date or a
-- caption's: the cluster stage does not let such a date keep two copies of one story apart.
alter table articles add column published_from text;
comment on column articles.published_from is 'the evidence the publication date was read from (crawlers/dates.py), e.g. htmldate for a guess from the text';
