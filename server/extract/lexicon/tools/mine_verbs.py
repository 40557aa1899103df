#!/usr/bin/env python3
"""Mine the verb forms of a corpus of Arabic news: words written right after a verbal particle
(قد، لقد، لم، لن، سوف, with و or ف before them), which only a verb follows ("قد وافق", "لم يوافق",
"لن تسمح", "سوف يزور"). A name never stands there, so a word on this list ends a name
("الزعيم كيم وافق على ...": the person is كيم, not "كيم وافق").

Usage:
    python3 server/extract/lexicon/tools/mine_verbs.py CORPUS.jsonl.gz [--min N] \
        > server/extract/lexicon/ar/verbs.txt

CORPUS is JSON Lines (gzip or plain) with `title` and `text` (the ANT corpus in
../shared/corpus/corpus.jsonl.gz). Words are normalised as extract::arabic::normalize does. A word
of three letters or more, not starting with the article, is listed when it follows a particle at
least --min times (default 3) and makes up at least --min-share (default 0.01) of its own uses
there (a noun that happens to follow "قد" now and then is seen far more often elsewhere).
Given names that are also verbs ("يزيد", "يحيى") stay on the list; the extractor drops known given
names when it loads it.
"""
import argparse, collections, re

from corpus_text import WORD, normalised_texts

# Words the press writes after a particle that are also names, first or family: "فتح الله",
# "خلف", "شهد", "ورد", "خليل زاد", Latin names ("راي", "تري", "ينس", "رايت"), connectors ("ولد", "بنت").
NAMES = {"فتح", "فضل", "خلف", "يسر", "شهد", "ورد", "راي", "تري", "ولد", "بنت", "ينس", "تامر",
         "رايت", "توت", "حكم", "زاد"}
PARTICLES = {p for base in ["قد", "لقد", "لم", "لن", "سوف"] for p in (base, "و" + base, "ف" + base)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.01)
    a = ap.parse_args()
    after, total = collections.Counter(), collections.Counter()
    for text in normalised_texts(a.corpus):
        # words of one clause: punctuation between two words breaks the pair
        for chunk in re.split(r"[^\u0621-\u064a\s]+", text):
            words = WORD.findall(chunk)
            for prev, w in zip([""] + words, words):
                total[w] += 1
                if prev in PARTICLES:
                    after[w] += 1
    words = sorted(
        w for w in after
        if len(w) >= 3 and not w.startswith("ال") and w not in PARTICLES and w not in NAMES
        and after[w] >= a.min and after[w] / total[w] >= a.min_share
    )
    print("# Verb forms of Arabic news (normalised): words written right after قد، لقد، لم، لن، سوف.")
    print("# Mined from the ANT corpus by lexicon/tools/mine_verbs.py (--min %d --min-share %s); not"
          % (a.min, a.min_share))
    print("# reviewed word by word. A name stops before any of them (entities::people::name_like).")
    for w in words:
        print(w)


if __name__ == "__main__":
    main()
