"""The verdict on a chaos run's findings, and the table printed for it."""

from typing import Any


def failures(found: dict[str, Any]) -> list[str]:
    """Each broken promise, in words; empty when the run passed."""
    chaos, baseline = found["chaos"], found["baseline"]
    cases = found["plan"]["cases"]
    broken = []
    if len(chaos["triggered"]) != cases:
        broken.append(f"{cases - len(chaos['triggered'])} cases never got 202 from trigger")
    for key in ("lost", "wedged", "duplicated", "odd_bodies_not_kept", "not_complete_after_retry"):
        if chaos[key]:
            broken.append(f"{key.replace('_', ' ')}: {chaos[key][:10]}")
    if chaos["untrue_reasons"]:
        broken.append(f"needs_attention with an untrue reason: {sorted(chaos['untrue_reasons'])}")
    not_complete = {k: v for k, v in baseline["final_statuses"].items() if k != "complete"}
    if not_complete:
        broken.append(f"the fault-free pass did not complete every case: {not_complete}")
    if chaos["count_differences"]:
        sample = dict(list(chaos["count_differences"].items())[:5])
        broken.append(
            f"{len(chaos['count_differences'])} cases differ from the fault-free run: {sample}"
        )
    return broken


def table(found: dict[str, Any]) -> str:
    plan, chaos, baseline = found["plan"], found["chaos"], found["baseline"]
    did = [
        ("seed (CHAOS_SEED to replay)", str(plan["seed"])),
        ("cases, triggered over", f"{plan['cases']}, {plan['trigger_window_s']:.0f} s"),
        ("trigger answers (after waiting out 503s)", _counts(chaos["trigger_answers"])),
        ("source faults by case", _counts(plan["faults"])),
    ]
    for d in chaos["disruptions"]:
        what = d["action"]
        if what.startswith("kill "):
            what += f" (down {d['down_s']:g} s, listening again after {d['back_after_s']:g} s)"
        did.append((f"at {d['began_s']:>6.1f} s", what))
    for fell in chaos["died_on_their_own"]:
        did.append((f"at {fell['at_s']:>6.1f} s", f"{fell['part']} died on its own; restarted"))
    differences = len(chaos["count_differences"])
    found_rows = [
        ("all settled after", f"{chaos['settled_after_s']:.0f} s"),
        ("statuses when settled", _counts(chaos["first_statuses"])),
        ("needs_attention reasons", _counts(chaos["needs_attention_reasons"]) or "none"),
        ("needs_attention with an untrue reason", str(len(chaos["untrue_reasons"]))),
        ("retried after clearing faults (answers)", _counts(chaos["retry_answers"]) or "none"),
        ("statuses after the retries", _counts(chaos["final_statuses"])),
        ("lost", str(len(chaos["lost"]))),
        ("wedged", str(len(chaos["wedged"]))),
        ("duplicated Bronze rows", str(len(chaos["duplicated"]))),
        ("odd bodies kept byte for byte",
         f"{chaos['odd_bodies_sent'] - len(chaos['odd_bodies_not_kept'])}"
         f" of {chaos['odd_bodies_sent']}"),
        ("fault-free pass (fresh database)",
         f"{_counts(baseline['final_statuses'])} in {baseline['seconds']:.0f} s"),
        ("cases whose Silver/Gold counts differ", str(differences)),
    ]  # fmt: skip
    width = max(len(name) for name, _ in did + found_rows)
    lines = ["chaos: what it did"]
    lines += [f"  {name:<{width}}  {value}" for name, value in did]
    lines.append("chaos: what it found")
    lines += [f"  {name:<{width}}  {value}" for name, value in found_rows]
    return "\n".join(lines)


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
