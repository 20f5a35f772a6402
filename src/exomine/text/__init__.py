"""Text: one normalisation, sentences, bounded chunks, the spaCy pipeline and named patterns."""
