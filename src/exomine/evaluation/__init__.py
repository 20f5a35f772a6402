"""Evaluation: gold formats, scoring against gold and the evaluation report."""
