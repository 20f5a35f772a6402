"""``python -m exomine.entities.lexicon_build``: regenerate the shipped lexicons (see :mod:`.driver`)."""

from exomine.entities.lexicon_build.driver import main

if __name__ == "__main__":
    raise SystemExit(main())
