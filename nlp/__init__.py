"""irwatch NLP: tag deals, sanctions and trade figures in India-Russia coverage.

Importing this package loads nothing heavy; `nlp.pipeline.load_pipeline()` builds the
spaCy pipeline from `nlp/config.cfg`, and `nlp.tagger.ArticleTagger` tags articles.
"""
