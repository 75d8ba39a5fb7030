"""The pure core: a document in, the cleaned text and its removal records out; no files, no printing.

In the order a document goes through it: `prepare` (decode, normalise, repair mojibake), `fold` (the key the
rules match on), `matcher` and `collect` (rule hits per line), `boundaries` (hits on word edges), `heuristics`
and `body` (line signals: where the article is, runs of short lines outside it), `engine` (the decisions),
`fixpoint` (clean until nothing changes) and `pipeline` (`Cleaner`, the one entry point).
"""
