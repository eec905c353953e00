-- The language of each article as identified from its text (nlp/language.py, lingua), with the
-- identifier's confidence, and why an article is stored but not tagged ("language: ru ...": a
-- Russian or Hindi page waits, untagged, for its language's pipeline instead of being dropped).
alter table articles add column language_confidence real;
alter table articles add column language_script text;
alter table articles add column declared_language text;   -- what the page's <html lang> said
alter table articles add column tag_skipped text;
comment on column articles.language is 'ISO 639-1 code identified from the text (lingua); null only when too short to tell';
comment on column articles.tag_skipped is 'why the tagger produced no events for this version, e.g. language: ru (0.99): ...';
create index articles_language_idx on articles (language);
