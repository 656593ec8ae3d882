"""The ONNX export's second output (``token_vectors``, issue 18): what it costs the sentence pass and
how close the word reading it feeds is to the torch reference's.

    python bench/onnx_tokens.py [--case 500] [--rounds 5]

1. Bare encoder, same run: the export as built (two outputs) against the same graph with the second
   output removed (what an export was before: one output), both asked for the sentence embeddings
   only, on the case's sentences (both sides, sorted by length, no cache), alternately, ``--rounds``
   times each; the best time of each and the ratio. Also the token-vector pass itself (the second
   output asked for), the cost the word reading adds per sentence.
2. Sentence embeddings of the export against the torch model: cosine, min and mean.
3. Word vectors (``wordalign.word_vectors``: word pieces averaged over words) ONNX against torch:
   cosine per word, min and mean; word alignments of the case's first ``--pairs`` sentence pairs
   (by position) compared pair by pair.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", default="500", help="a bench/speed.py case: seed, 500, 500refB")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=200, help="sentence pairs whose word alignments are compared")
    args = ap.parse_args()

    import onnx

    from speed import case_texts
    from qualcheck import wordalign
    from qualcheck.embed import Encoder, OnnxBackend
    from qualcheck.load import load_text
    from qualcheck.pipeline import prepare

    ref_text, cand_text = case_texts(args.case)
    ref, cand = prepare(load_text(ref_text, name="r")).texts, prepare(load_text(cand_text, name="c")).texts
    texts = sorted(dict.fromkeys(ref + cand), key=len)
    enc = Encoder("all-MiniLM-L6-v2-onnx")
    enc.load()
    print(f"# bench/onnx_tokens.py: {os.cpu_count()} cores, no GPU, load average {os.getloadavg()[0]:.2f}; "
          f"case {args.case}: {len(texts)} distinct sentences")

    with tempfile.TemporaryDirectory() as tmp:
        model = onnx.load(str(enc.onnx_path))
        kept = [o for o in model.graph.output if o.name != "token_vectors"]
        del model.graph.output[:]
        model.graph.output.extend(kept)
        one = Path(tmp) / "one-output.onnx"
        onnx.save(model, str(one))
        before = OnnxBackend(one, enc.path)
    after = enc.load()
    assert after.has_token_vectors and not before.has_token_vectors

    def run(backend, tokens=False):
        t0 = time.perf_counter()
        for i in range(0, len(texts), 256):
            chunk = texts[i : i + 256]
            backend.token_vectors(chunk) if tokens else backend.encode(chunk)
        return time.perf_counter() - t0

    times = {"one output (before)": [], "two outputs, sentence output asked (after)": [],
             "two outputs, token vectors asked (the word reading's pass)": []}
    labels = list(times)
    run(before), run(after)  # warm
    for k in range(args.rounds):
        for label in (labels if k % 2 == 0 else labels[::-1]):
            times[label].append(run(before if label == labels[0] else after, tokens=label == labels[2]))
    base = min(times[labels[0]])
    print("\n| sentence pass | best of %d | sentences/s | ratio to before |" % args.rounds)
    print("|---|---|---|---|")
    for label in labels:
        t = min(times[label])
        print(f"| {label} | {t:.2f} s | {len(texts) / t:.0f} | {t / base:.3f} |")
    e1, e2 = before.encode(texts), after.encode(texts)
    print(f"\nembedding output of the two graphs: max abs difference {np.abs(e1 - e2).max():.2e}")

    torch_enc = Encoder("all-MiniLM-L6-v2")
    t_emb = torch_enc.encode_uncached(texts)
    cos = (t_emb * e2).sum(1)
    print(f"sentence embeddings, ONNX against torch: cosine min {cos.min():.6f}, mean {cos.mean():.6f}")

    pairs = list(zip(ref, cand))[: args.pairs]
    sents = list(dict.fromkeys(t for p in pairs for t in p))
    wv_o = dict(zip(sents, wordalign.word_vectors(sents, enc)))
    wv_t = dict(zip(sents, wordalign.word_vectors(sents, torch_enc)))
    wc = np.concatenate([(wv_o[s] * wv_t[s]).sum(1) for s in sents if len(wv_o[s])])
    print(f"word vectors ({len(wc)} words), ONNX against torch: cosine min {wc.min():.6f}, mean {wc.mean():.6f}")
    same = diff = 0
    for r, c in pairs:
        a = wordalign.align_words(r, c, wv_o[r], wv_o[c])
        b = wordalign.align_words(r, c, wv_t[r], wv_t[c])
        if [(i, j, h) for i, j, _, h in a.pairs] == [(i, j, h) for i, j, _, h in b.pairs]:
            same += 1
        else:
            diff += 1
            print(f"  differs: {r[:70]!r}: onnx {sorted(set(a.pairs) - set(b.pairs))[:3]} "
                  f"torch {sorted(set(b.pairs) - set(a.pairs))[:3]}")
    print(f"word alignments of {len(pairs)} sentence pairs (by position): {same} identical, {diff} differ")


if __name__ == "__main__":
    main()
