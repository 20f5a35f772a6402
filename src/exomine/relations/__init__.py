"""Relations: the pattern engine, its rules (data) and the rules' examples."""
