#!/usr/bin/env python3
"""Mine the common nouns and adjectives of a corpus of Arabic news: words the press also writes
with the article ال, which a person's name almost never takes ("منع"/"المنع", "حال"/"الحال",
"سلطات"/"السلطات"; never "ترامب"/"الترامب").

Usage:
    python3 server/extract/lexicon/tools/mine_common_nouns.py CORPUS.jsonl.gz \
        [--min-definite N] [--min-share F] > server/extract/lexicon/ar/common_nouns.txt

CORPUS is JSON Lines (gzip or plain) with `title` and `text` (the ANT corpus in
../shared/corpus/corpus.jsonl.gz). Words are normalised as extract::arabic::normalize does
(hamza forms of alef → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, harakat dropped). A word W of three letters
or more, seen bare at least three times, is listed when "ال"+W occurs at least --min-definite
times (default 20) and makes up at least --min-share (default 0.03) of W's uses. Given names that
are also nouns ("كريم", "جميل", "أمين") are on the list too: the extractor checks its given-name
lists first, so they stay names.
"""
import argparse, collections, re, sys

from corpus_text import WORD, normalised_texts



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--min-definite", type=int, default=20)
    ap.add_argument("--min-share", type=float, default=0.03)
    a = ap.parse_args()
    bare, definite = collections.Counter(), collections.Counter()
    for text in normalised_texts(a.corpus):
        for w in WORD.findall(text):
            if w.startswith("ال") and len(w) >= 5:
                definite[w[2:]] += 1
            else:
                bare[w] += 1
    words = sorted(
        w for w in bare
        if len(w) >= 3 and bare[w] >= 3 and definite[w] >= a.min_definite
        and definite[w] / (bare[w] + definite[w]) >= a.min_share
    )
    print("# Common nouns and adjectives of Arabic news (normalised): words the press also writes with")
    print("# the article ال, which names almost never take. Mined from the ANT corpus by")
    print("# lexicon/tools/mine_common_nouns.py (--min-definite %d --min-share %s); not reviewed word"
          % (a.min_definite, a.min_share))
    print("# by word: a name-like word after a role is not taken for an unknown name when it is here.")
    for w in words:
        print(w)


if __name__ == "__main__":
    main()
