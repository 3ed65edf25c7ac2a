"""Measure compass.scoring and print the figures.

    python benchmarks/scoring.py            # 1,000,000 voters × 30 parties × 38 statements
    python benchmarks/scoring.py --quick    # 100,000 voters, fewer repeats

Batch: match() end to end (validation, scoring, fresh result arrays) for every metric ×
missing policy, with 5 levels, per-voter whole weights 0/1/2, 10 % skipped answers and 10 %
missing positions; then once with fractional weights, which take the float64 path. Memory:
the process's peak resident set (ru_maxrss, inputs included) and tracemalloc's peak for one
call. Baseline: a plain chunked numpy broadcast (voters × parties × statements arrays),
timed on a subset and extrapolated per cell. One voter: match + explain + robustness with
1,000 resamples, median of 200 runs.

Kernel time: numpy asks for transparent huge pages on large arrays; where the kernel's THP
`defrag` policy is "madvise" (this project's VM) a call's fresh 0.5 GB of results may then be
compacted into huge pages on the spot, seconds of kernel time in random calls. The header
shows the policy, and each pair's kernel seconds show such calls. `make bench` runs with
`NUMPY_MADVISE_HUGEPAGE=0` (numpy's switch, read at import); run the script without it to
see the difference.
"""

import argparse
import os
import platform
import resource
import statistics
import time
import tracemalloc

import numpy as np

from compass.scoring import METRICS, MISSING_POLICIES, explain, match, robustness

PARTIES, STATEMENTS, LEVELS = 30, 38, 5
TARGET_CELLS = 1e9
TARGET_PEAK_GB = 1.5
HYBRID = np.array(
    [
        [1.0, 0.5, 0.0, -0.5, -1.0],
        [0.5, 0.75, 0.25, -0.25, -0.5],
        [0.0, 0.25, 0.5, 0.25, 0.0],
        [-0.5, -0.25, 0.25, 0.75, 0.5],
        [-1.0, -0.5, 0.0, 0.5, 1.0],
    ]
)


def make_inputs(n_voters, seed=0):
    """Answers, positions and weights as the app would hold them, built in slices."""
    rng = np.random.default_rng(seed)
    answers = np.empty((n_voters, STATEMENTS))
    weights = np.empty((n_voters, STATEMENTS))
    for start in range(0, n_voters, 100_000):
        block = slice(start, start + 100_000)
        rows = answers[block].shape[0]
        answers[block] = rng.integers(-2, 3, (rows, STATEMENTS))
        answers[block][rng.random((rows, STATEMENTS)) < 0.1] = np.nan
        weights[block] = rng.choice([0.0, 1.0, 1.0, 1.0, 2.0], (rows, STATEMENTS))
    positions = rng.integers(-2, 3, (PARTIES, STATEMENTS)).astype(float)
    positions[rng.random(positions.shape) < 0.1] = np.nan
    return answers, positions, weights


def broadcast_match(answers, positions, weights, metric, missing, chunk=2_000):
    """The plain way: a (voters, parties, statements) array per chunk, then sums."""
    spread, top = LEVELS - 1, (LEVELS - 1) // 2
    has = ~np.isnan(positions)[np.newaxis]
    scores = np.empty((answers.shape[0], positions.shape[0]))
    for start in range(0, answers.shape[0], chunk):
        u = answers[start : start + chunk, np.newaxis, :]
        w = weights[start : start + chunk, np.newaxis, :]
        p = positions[np.newaxis]
        if missing == "neutral":
            p = np.where(has, p, 0.0)
        elif missing == "penalize":
            p = np.where(has, p, np.where(u > 0, -top, top))
        counted = ~np.isnan(u) & (w > 0)
        if missing == "exclude":
            counted = counted & has
        with np.errstate(invalid="ignore"):
            if metric == "agreement":
                term = 1 - np.abs(u - p) / spread
            elif metric == "euclidean":
                term = ((u - p) / spread) ** 2
            else:
                u_index = np.nan_to_num(u + top).astype(int)
                p_index = np.nan_to_num(p + top).astype(int)
                term = (HYBRID[p_index, u_index] + 1) / 2
        counted_weights = np.where(counted, w, 0.0)
        numerator = (counted_weights * np.where(counted, term, 0.0)).sum(axis=2)
        denominator = counted_weights.sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = numerator / denominator
        scores[start : start + chunk] = (
            100 * (1 - np.sqrt(ratio)) if metric == "euclidean" else 100 * ratio
        )
    return scores


def timed(function, repeats, system=None):
    """Run function repeats times; return median wall s, best wall s, median CPU s (all threads).

    With a list as `system`, each call's kernel seconds (all threads) are appended to it.
    """
    seconds, cpu = [], []
    for _ in range(repeats):
        start, cpu_start, sys_start = time.perf_counter(), time.process_time(), os.times().system
        result = function()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        if system is not None:
            system.append(os.times().system - sys_start)
        del result  # free the (V, P) results before the next call allocates new ones
    return statistics.median(seconds), min(seconds), statistics.median(cpu)


def huge_page_setup() -> str:
    """The kernel's transparent huge page policy and whether numpy asks for huge pages.

    numpy advises huge pages (madvise) for arrays of 4 MB and more; with the kernel's
    `defrag` policy at "madvise", a fault in such an array may compact memory on the spot,
    which shows as seconds of kernel time inside a call. `NUMPY_MADVISE_HUGEPAGE=0` (read
    when numpy is imported) turns the advice off.
    """
    policy = []
    for name in ("enabled", "defrag"):
        path = f"/sys/kernel/mm/transparent_hugepage/{name}"
        try:
            with open(path) as file:
                policy.append(f"{name} {file.read().strip()}")
        except OSError:
            policy.append(f"{name} unknown")
    advice = getattr(np._core.multiarray, "_get_madvise_hugepage", None)
    asked = "unknown" if advice is None else ("on" if advice() else "off")
    return (f"transparent huge pages: {', '.join(policy)}; numpy's huge page advice {asked} "
            f"(NUMPY_MADVISE_HUGEPAGE={os.environ.get('NUMPY_MADVISE_HUGEPAGE', 'unset')})")


def peak_rss_gb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # ru_maxrss is KiB


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def batch_table(answers, positions, weights, repeats, baseline_voters):
    """Time match() for every metric × policy and compare with the broadcast baseline."""
    cells = answers.size * PARTIES
    combinations = [(metric, missing) for metric in METRICS for missing in MISSING_POLICIES]
    # All match() timings first, back to back: other work in between (the baseline) changes
    # what the kernel must do to hand out the next call's 0.5 GB of results.
    system = {pair: [] for pair in combinations}
    timings = {
        (metric, missing): timed(
            lambda m=metric, p=missing: match(answers, positions, weights, metric=m, missing=p),
            repeats, system[metric, missing],
        )
        for metric, missing in combinations
    }
    subset = slice(0, baseline_voters)
    print(f"match() end to end, wall seconds median (best) of {repeats}, cells/s from them,")
    print("CPU seconds of all threads (median), the kernel's share of them (median, slowest\n"
          "call), speed-up over the broadcast baseline:")
    header = f"{'metric':<10} {'missing':<9} {'seconds':>16} {'cells/s':>20} {'CPU s':>6}"
    print(f"{header} {'kernel s':>12} {'vs broadcast':>12}")
    ratios = []
    for metric, missing in combinations:
        median, best, cpu = timings[metric, missing]
        base_start = time.perf_counter()
        plain = broadcast_match(answers[subset], positions, weights[subset], metric, missing)
        base_seconds = time.perf_counter() - base_start
        fast = match(answers[subset], positions, weights[subset], metric=metric, missing=missing)
        np.testing.assert_allclose(fast.scores, plain, rtol=1e-9, atol=1e-9)
        base_rate = baseline_voters * PARTIES * STATEMENTS / base_seconds
        ratios.append(cells / median / base_rate)
        kernel = system[metric, missing]
        kernel_text = f"{statistics.median(kernel):.2f} ({max(kernel):.2f})"
        print(
            f"{metric:<10} {missing:<9} {median:>7.3f} ({best:.3f}) "
            f"{cells / median:>9.3g} ({cells / best:.3g}) {cpu:>6.2f} {kernel_text:>12} "
            f"{ratios[-1]:>11.1f}×"
        )
    print(
        f"broadcast baseline timed on the first {baseline_voters:,} voters (results checked equal "
        f"to 1e-9) and extrapolated per cell; median speed-up {statistics.median(ratios):.1f}×"
    )
    reached = sum(cells / timings[pair][0] >= TARGET_CELLS for pair in combinations)
    print(f"target ≥ {TARGET_CELLS:.0e} cells/s median for every pair: {reached} of "
          f"{len(combinations)} reach it ({'met' if reached == len(combinations) else 'NOT met'})")


def one_voter(answers, positions, weights, runs=200):
    """Time match + explain + robustness (1,000 resamples) for single voters."""
    rng = np.random.default_rng(1)
    parts = {"match": [], "explain": [], "robustness": [], "total": []}
    for index in range(runs):
        voter, voter_weights = answers[index], weights[index]
        t0 = time.perf_counter()
        match(voter, positions, voter_weights)
        t1 = time.perf_counter()
        explain(voter, positions, voter_weights)
        t2 = time.perf_counter()
        robustness(voter, positions, voter_weights, resamples=1000, seed=int(rng.integers(1e9)))
        t3 = time.perf_counter()
        for name, seconds in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            parts[name].append(seconds * 1e3)
    print(f"one voter ({PARTIES} parties × {STATEMENTS} statements), median of {runs} runs:")
    for name, values in parts.items():
        median, p90 = statistics.median(values), np.percentile(values, 90)
        print(f"  {name:<11} {median:6.2f} ms   (p90 {p90:.2f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 voters, fewer repeats")
    parser.add_argument("--voters", type=int, help="number of voters in the batch")
    parser.add_argument("--repeats", type=int, help="timed calls per metric × policy")
    arguments = parser.parse_args()
    n_voters = arguments.voters or (100_000 if arguments.quick else 1_000_000)
    repeats = arguments.repeats or (2 if arguments.quick else 3)
    baseline_voters = min(n_voters, 10_000 if arguments.quick else 20_000)
    cells = n_voters * PARTIES * STATEMENTS
    began = time.perf_counter()

    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"load average at start: {load_average()}")
    print(huge_page_setup())
    answers, positions, weights = make_inputs(n_voters)
    input_gb = (answers.nbytes + weights.nbytes) / 1e9
    output_gb = n_voters * PARTIES * 16 / 1e9
    print(
        f"batch: {n_voters:,} voters × {PARTIES} parties × {STATEMENTS} statements = "
        f"{cells:.3g} cells; inputs {input_gb:.2f} GB (float64), results {output_gb:.2f} GB"
    )
    print(f"resident set after making the inputs: {peak_rss_gb():.2f} GB")

    # The first call touches memory the process has never used; on this VM that alone can
    # take seconds, so it is timed and reported apart from the steady-state figures.
    warm_up, _, _ = timed(lambda: match(answers, positions, weights), 1)
    print(f"first call (warm-up, not in the table): {warm_up:.3f} s")
    start = time.perf_counter()
    fresh = np.empty((n_voters, PARTIES)), np.empty((n_voters, PARTIES), dtype=np.int64)
    for array in fresh:
        array.fill(0)
    print(f"allocating + touching a call's results alone: {time.perf_counter() - start:.3f} s")
    del fresh
    print()
    batch_table(answers, positions, weights, repeats, baseline_voters)

    tracemalloc.start()
    result = match(answers, positions, weights, missing="exclude")
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    print()
    print(f"memory: peak resident set of this process {peak_rss_gb():.2f} GB (inputs included)")
    print(
        f"memory: tracemalloc peak of one match() call {traced_peak / 1e9:.3f} GB "
        f"(its results are {output_gb:.3f} GB; the rest is block scratch)"
    )
    print()
    one_voter(answers, positions, weights)

    weights *= 0.37  # fractional weights, in place to keep memory flat: the float64 path
    median, best, cpu = timed(lambda: match(answers, positions, weights), repeats)
    print()
    print(
        f"fractional weights (float64 path), agreement/neutral: {median:.3f} s median "
        f"({best:.3f} best), {cells / median:.3g} cells/s ({cells / best:.3g}), CPU {cpu:.2f} s"
    )
    peak = peak_rss_gb()
    print(f"memory: peak resident set at the end {peak:.2f} GB (target ≤ {TARGET_PEAK_GB} GB: "
          f"{'met' if peak <= TARGET_PEAK_GB else 'NOT met'})")
    print(f"load average at end: {load_average()}; total run {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
