#!/usr/bin/env python3
"""Mine candidate given names from a corpus of Arabic news articles.

Usage:
    python3 server/extract/lexicon/tools/mine_given_names.py CORPUS.jsonl.gz [--min-articles N]
        [--top N] [--tsv] > candidates.txt

CORPUS is JSON Lines (gzip or plain), one article per line with `title` and `text`
(the ANT corpus in ../shared/corpus/corpus.jsonl.gz). One pass over the file.

A word X is a candidate given name when, in one article, it stands right before another word Y
("X Y") and that article also uses Y on its own the way the press uses a family name:

  (a) speaker:  Y alone in a speaker slot: "وقال Y إن", "وأضاف Y،", "بحسب Y" ...
  (b) titled:   "TITLE X Y" (السيد، الدكتور، الشيخ، السيناتور، the role words, or a definite
                nisba such as "الأمريكي").
  (c) opening:  a two-word speaker "وقال X Y إن" / "وقال X Y،".
  (d) patronymic: "TITLE X G" or "وقال X G" with G a given name already known
                (given_names.txt and any --given file): "الدكتور خلدون محمد قواص".

In (a) and (b), "X Y" must be the first mention of Y in the article and Y must occur again later not
after X: the press gives the full name first and the family name alone afterwards, which a
common word before a name ("وكان ترامب") does not follow.

For each X the script counts the distinct articles of (a) and of (b), the distinct second words
Y, the share of X's articles in which it stands in such a pattern (name_share), and signals
that X is an ordinary word rather than a name: its total frequency, how often it is written
with the article ال (names almost never are), the share of its uses with a pronoun suffix, and
whether it is a clitic (و ب ل ف ك) on a more frequent word. The output is for a human to
review; it is not a list of names.

With --surface WORDS (one word per line, e.g. the reviewed keepers; normalised on reading), the script
instead prints each word with its most frequent spelling in the corpus (hamza, ة kept), which
is how given_names_corpus.txt is written.

Words are normalised as `extract::arabic::normalize` does (harakat and tatweel dropped,
أإآٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي), so the counts merge spelling variants of one written form.
"""

import argparse
import collections
import gzip
import json
import os
import re
import sys

FOLD = {ord(c): "ا" for c in "أإآٱ"}
FOLD.update({ord("ى"): "ي", ord("ة"): "ه", ord("ؤ"): "و", ord("ئ"): "ي", ord("ی"): "ي", ord("ک"): "ك"})
for cp in list(range(0x0610, 0x061B)) + list(range(0x064B, 0x0660)) + [0x0670, 0x0640] + list(
    range(0x06D6, 0x06EE)
):
    FOLD[cp] = None

# A word is a run of Arabic letters; anything else that is not a space is punctuation (a break).
TOKEN = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+|[^\s\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+")
RAW_WORD = re.compile(r"[\u0621-\u065F\u0670-\u06D3]+")
ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")

HERE = os.path.dirname(os.path.abspath(__file__))
LEXICON = os.path.join(HERE, "..", "ar")


def norm(s):
    return s.translate(FOLD)


def lexicon_words(name, field=0):
    """First fields (or all words of the first field) of a lexicon file, normalised."""
    out = set()
    path = os.path.join(LEXICON, name)
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            out.add(norm(line.split("|")[field].strip()))
    return out


# Reporting verbs that open a speaker slot (normalised; with and without و/ف).
SPEAKER_VERBS = set()
for v in (
    "قال قالت أضاف أضافت أكد أكدت أوضح أوضحت تابع تابعت أشار أشارت اعتبر اعتبرت رأى رأت "
    "شدد شددت صرح صرحت أردف أردفت لفت لفتت ذكر ذكرت نفى نفت حذر حذرت كتب كتبت أعلن أعلنت "
    "استطرد استدرك علق علقت أفاد أفادت يقول تقول يضيف يؤكد يرى ويرى اعترف اعترفت"
).split():
    for p in ("", "و", "ف"):
        SPEAKER_VERBS.add(norm(p + v))
SOURCE_PREPS = {norm(w) for w in "بحسب حسب وبحسب وفق وفقا ووفقا لـ".split()}
# What may follow a bare speaker: a complementizer or a preposition starting the audience.
AFTER_SPEAKER = {norm(w) for w in "إن ان أن إنه انه إنها انها في خلال لوكالة لصحيفة لقناة للصحفيين للصحافيين لرويترز عبر".split()}

TITLES = {
    norm(w)
    for w in (
        "السيد السيدة الدكتور الدكتورة الشيخ الشيخة السيناتور السناتور النائب النائبة الجنرال "
        "المستشار المستشارة الرئيس الرئيسة الملك الملكة الأمير الأميرة الأستاذ الأستاذة الحاج "
        "الفنان الفنانة الممثل الممثلة المطرب المطربة المغني المغنية الكاتب الكاتبة الصحفي "
        "الصحفية الصحافي الصحافية الشاعر الشاعرة الروائي الروائية اللاعب اللاعبة المدرب "
        "الناشط الناشطة المحامي المحامية البروفيسور الباحث الباحثة المخرج المخرجة الوزير "
        "الوزيرة العقيد اللواء العميد الفريق المشير النقيب الرائد القاضي القاضية الإمام "
        "المهندس المهندسة الداعية المعارض المعارضة الملياردير رئيسة رئيس وزير وزيرة نظيره "
        "نظيرته نظيرها الزعيم الزعيمة الأسقف البابا المرشح المرشحة المدعو المدعوة المواطن "
        "المواطنة الطفل الطفلة الشاب الشابة الفتاة السيدة المتهم المتهمة الضحية الأديب "
        "الموسيقار الدبلوماسي المبعوث المتحدث المتحدثة السفير السفيرة النجم النجمة الإعلامي الإعلامية "
        "المذيع المذيعة المحلل المعلق الأكاديمي المحافظ الحاكم الملحن المنتج المصمم المصممة الرسام "
        "الحكم المهاجم المدافع الحارس الظهير لاعب لاعبة اللاعب نجم نجمة مدرب"
    ).split()
}
NISBA_TITLE = re.compile(r"^ال.{2,}(ي|يه)$")  # الأمريكي، الروسية ... as in "الرئيس الروسي X Y"

SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "كم", "نا", "ي")
DEFINITE = ("ال", "وال", "بال", "فال", "كال", "لل")


def tokens(text):
    """(normalised word, break_before) pairs; punctuation and digits set the break."""
    out = []
    brk = True
    for m in TOKEN.finditer(norm(text)):
        w = m.group(0)
        if ARABIC_WORD.fullmatch(w):
            out.append((w, brk))
            brk = False
        else:
            brk = True
    return out


def plausible(w, stops):
    return len(w) >= 2 and not w.startswith("ال") and w not in stops and not w.startswith("لل")


def surface(corpus, words_path):
    """Most frequent spelling (without harakat/tatweel) of each normalised word in WORDS."""
    with open(words_path, encoding="utf-8") as f:
        want = {norm(line.strip()) for line in f if line.strip() and not line.startswith("#")}
    strip = {k: v for k, v in FOLD.items() if v is None}
    seen = collections.defaultdict(collections.Counter)
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            text = (art.get("title") or "") + " " + (art.get("text") or "")
            for w in RAW_WORD.findall(text):
                bare = w.translate(strip)
                n = norm(bare)
                if n in want:
                    seen[n][bare] += 1
    for n in sorted(want):
        best = seen[n].most_common(1)[0][0] if seen[n] else n
        print(f"{n}\t{best}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--min-articles", type=int, default=2, help="minimum distinct articles (a)+(b)")
    ap.add_argument("--top", type=int, default=0, help="print only the N best candidates")
    ap.add_argument("--tsv", action="store_true", help="tab-separated output without contexts")
    ap.add_argument(
        "--given",
        action="append",
        default=[],
        metavar="FILE",
        help="more known given names (one per line), e.g. a first reviewed list, for a second round",
    )
    ap.add_argument("--surface", metavar="WORDS", help="print the corpus spelling of these words")
    args = ap.parse_args()
    if args.surface:
        return surface(args.corpus, args.surface)

    stops = set()
    for name in ("name_stops.txt", "speakers.txt", "role_words.txt", "titles.txt", "honorifics.txt"):
        stops |= lexicon_words(name)
    stops |= {w for r in lexicon_words("roles.txt") for w in r.split()}
    stops |= TITLES | SPEAKER_VERBS | SOURCE_PREPS | AFTER_SPEAKER
    known = lexicon_words("given_names.txt")
    for path in args.given:
        with open(path, encoding="utf-8") as f:
            known |= {norm(w.strip()) for w in f if w.strip() and not w.startswith("#")}

    freq = collections.Counter()
    docs = collections.Counter()
    art_a = collections.defaultdict(set)
    art_b = collections.defaultdict(set)
    art_c = collections.defaultdict(set)
    seconds = collections.defaultdict(set)
    examples = collections.defaultdict(list)

    opener = gzip.open if args.corpus.endswith(".gz") else open
    n_articles = 0
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            art = json.loads(line)
            n_articles += 1
            toks = tokens((art.get("title") or "") + "\n" + (art.get("text") or ""))
            words = [w for w, _ in toks]
            freq.update(words)
            docs.update(set(words))
            n = len(toks)
            # Bare speakers: "وقال Y إن" / "وقال Y،" / "بحسب Y".
            speakers = set()
            for i in range(n - 1):
                w = words[i]
                if w in SPEAKER_VERBS or w in SOURCE_PREPS:
                    y, ybrk = toks[i + 1]
                    if ybrk or not plausible(y, stops):
                        continue
                    end = i + 2 >= n or toks[i + 2][1] or words[i + 2] in AFTER_SPEAKER
                    if end:
                        speakers.add(y)
            # (c) two-word speaker "وقال X Y إن" / "وقال X Y،": X opens the name.
            # (d) patronymic "TITLE X G" with G a known given name ("الدكتور خلدون محمد قواص").
            aid = art.get("id") or str(n_articles)
            for i in range(n - 2):
                x, xbrk = toks[i + 1]
                y, ybrk = toks[i + 2]
                if xbrk or ybrk or not plausible(x, stops) or not plausible(y, stops) or x == y:
                    continue
                w = words[i]
                opener = w in TITLES or NISBA_TITLE.match(w) or w in SPEAKER_VERBS
                if w in SPEAKER_VERBS and (
                    i + 3 >= n or toks[i + 3][1] or words[i + 3] in AFTER_SPEAKER
                ):
                    pass
                elif not (opener and y in known):
                    continue
                art_c[x].add(aid)
                seconds[x].add(y)
                if len(examples[x]) < 3 and aid not in {e[0] for e in examples[x]}:
                    examples[x].append((aid, " ".join(words[i : i + 4])))
            # The words before each occurrence of a word ("" after punctuation).
            prev_of = collections.defaultdict(set)
            for i in range(1, n):
                prev_of[words[i]].add(words[i - 1] if not toks[i][1] else "")
            first_at = {}
            for i, w in enumerate(words):
                first_at.setdefault(w, i)
            for i in range(n - 1):
                x, xbrk = toks[i]
                y, ybrk = toks[i + 1]
                if ybrk or not plausible(x, stops) or not plausible(y, stops) or x == y:
                    continue
                # The press gives the full name at the first mention and the family name after:
                # only the first mention of Y counts, and Y must come back on its own.
                if first_at[y] != i + 1 or not (prev_of[y] - {x}):
                    continue
                # (a) Y is a bare speaker of this article
                hit = None
                if y in speakers:
                    art_a[x].add(aid)
                    hit = "a"
                # (b) TITLE X Y, and Y again not after X
                if i > 0 and not xbrk:
                    t = words[i - 1]
                    if t in TITLES or NISBA_TITLE.match(t):
                        art_b[x].add(aid)
                        hit = hit or "b"
                if hit:
                    seconds[x].add(y)
                    if len(examples[x]) < 3 and aid not in {e[0] for e in examples[x]}:
                        lo = max(0, i - 2)
                        examples[x].append((aid, " ".join(words[lo : i + 3])))

    def definite(x):
        return sum(freq[p + x] for p in DEFINITE)

    def suffixed(x):
        return sum(freq[x + s] for s in SUFFIXES if len(x) > 2)

    rows = []
    for x in set(art_a) | set(art_b) | set(art_c):
        arts = art_a[x] | art_b[x] | art_c[x]
        if len(arts) < args.min_articles:
            continue
        d = definite(x)
        s = suffixed(x)
        total = freq[x]
        rows.append(
            {
                "word": x,
                "articles": len(arts),
                "speaker": len(art_a[x]),
                "titled": len(art_b[x]),
                "opening": len(art_c[x]),
                "seconds": len(seconds[x]),
                "freq": total,
                "name_share": len(arts) / docs[x],
                "def_ratio": d / (total + d) if total + d else 0.0,
                "suffix_ratio": s / (total + s) if total + s else 0.0,
                "known": x in known,
                # "وكان"/"لشركه": a clitic on a word that is more frequent without it
                "clitic": x[0] in "وبلفك" and freq[x[1:]] > 2 * total,
            }
        )
    # Best first: many articles, then the share of X's articles in which it is a first name.
    rows.sort(key=lambda r: (-r["articles"], -r["name_share"]))
    if args.top:
        rows = rows[: args.top]
    print(f"# {n_articles} articles, {len(rows)} candidates (min {args.min_articles} articles)")
    print("# word\tarticles\tspeaker(a)\ttitled(b)\topening(c,d)\tdistinct_seconds\tfreq\tname_share\tdef_ratio\tsuffix_ratio\tknown\tclitic\texamples")
    for r in rows:
        cols = [
            r["word"],
            r["articles"],
            r["speaker"],
            r["titled"],
            r["opening"],
            r["seconds"],
            r["freq"],
            f"{r['name_share']:.2f}",
            f"{r['def_ratio']:.2f}",
            f"{r['suffix_ratio']:.2f}",
            "known" if r["known"] else "-",
            "clitic" if r["clitic"] else "-",
        ]
        line = "\t".join(map(str, cols))
        if not args.tsv:
            line += "\t" + " | ".join(e[1] for e in examples[r["word"]])
        print(line)


if __name__ == "__main__":
    sys.exit(main())
