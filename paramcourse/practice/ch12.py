"""Practice of chapter 12, *Key hyperparameters of neural networks*: the exponentially growing
learning rate of a range test, the linear scaling rule for large batches with its gradual
warm-up, and the best and the last epoch of early stopping with patience.

The two rate functions take numbers, not arrays, so there is nothing to leave unchanged
(``pure=False``); their cases differ in the integer step counts. The validation curves of the
early-stopping cases are short, with a tie and with an improvement that comes too late.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

# ------------------------------------------------------------------------------- range_test_lr


def range_test_lr(step, lr_min, lr_max, n_steps):
    """eta_k = lr_min * (lr_max / lr_min) ** (k / (K - 1)) for step k of K."""
    return lr_min * (lr_max / lr_min) ** (step / (n_steps - 1))


def _exponent_over_n_steps(step, lr_min, lr_max, n_steps):
    return lr_min * (lr_max / lr_min) ** (step / n_steps)


def _linear_growth(step, lr_min, lr_max, n_steps):
    return lr_min + (lr_max - lr_min) * step / (n_steps - 1)


def _from_the_top(step, lr_min, lr_max, n_steps):
    return lr_max * (lr_min / lr_max) ** (step / (n_steps - 1))


_RANGE_CASES = [
    Case("step 57 of 200, from 0.001 to 30", (57, 1e-3, 30.0, 200)),
    Case("step 199 of 200 (the last), from 0.001 to 30", (199, 1e-3, 30.0, 200)),
    Case("step 3 of 9, from 0.01 to 1", (3, 0.01, 1.0, 9)),
    Case("step 0 of 51 (the first), from 0.0001 to 10", (0, 1e-4, 10.0, 51)),
]

# ---------------------------------------------------------------------------- scaled_warmup_lr


def scaled_warmup_lr(step, base_lr, base_batch, batch_size, warmup_steps):
    """Linear scaling rule with gradual warm-up: the target is base_lr * batch_size / base_batch;
    from base_lr at step 0 the rate rises linearly to the target at step warmup_steps, then stays."""
    target = base_lr * batch_size / base_batch
    if step >= warmup_steps:
        return target
    return base_lr + (target - base_lr) * step / warmup_steps


def _ramp_from_zero(step, base_lr, base_batch, batch_size, warmup_steps):
    target = base_lr * batch_size / base_batch
    return target * min(1.0, step / warmup_steps)


def _no_scaling(step, base_lr, base_batch, batch_size, warmup_steps):
    return base_lr


def _square_root_scaling(step, base_lr, base_batch, batch_size, warmup_steps):
    target = base_lr * np.sqrt(batch_size / base_batch)
    if step >= warmup_steps:
        return float(target)
    return float(base_lr + (target - base_lr) * step / warmup_steps)


def _inverted_ratio(step, base_lr, base_batch, batch_size, warmup_steps):
    target = base_lr * base_batch / batch_size
    if step >= warmup_steps:
        return target
    return base_lr + (target - base_lr) * step / warmup_steps


def _no_warmup(step, base_lr, base_batch, batch_size, warmup_steps):
    return base_lr * batch_size / base_batch


_WARMUP_CASES = [
    Case("step 50 of a 100-step warm-up, batch 1024 against 256, base rate 0.1", (50, 0.1, 256, 1024, 100)),
    Case("step 2 of a 5-step warm-up, batch 512 against 128, base rate 0.2", (2, 0.2, 128, 512, 5)),
    Case("step 7, after a 5-step warm-up, batch 512 against 128, base rate 0.2", (7, 0.2, 128, 512, 5)),
    Case("step 0, batch 8192 against 256, base rate 0.1, 500-step warm-up", (0, 0.1, 256, 8192, 500)),
]

# ----------------------------------------------------------------------- early_stopping_epochs


def early_stopping_epochs(val_losses, patience):
    """(best epoch, stop epoch), both counted from 1: stop at the first epoch that is patience
    epochs after the best one so far (or at the last epoch); the best epoch is the one whose
    loss is the smallest up to the stop (the first of equal losses)."""
    best_loss, best_epoch = np.inf, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)


def _counted_from_zero(val_losses, patience):
    best, stop = early_stopping_epochs(val_losses, patience)
    return best - 1, stop - 1


def _keeps_the_last_epoch(val_losses, patience):
    _, stop = early_stopping_epochs(val_losses, patience)
    return stop, stop


def _one_epoch_late(val_losses, patience):
    best_loss, best_epoch = np.inf, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch > patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)


def _whole_curve(val_losses, patience):
    return int(np.argmin(val_losses)) + 1, len(val_losses)


_CURVE = np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.65])
_STOPPING_CASES = [
    Case("8 epochs, patience 3 (a later improvement comes too late)", (_CURVE, 3)),
    Case("8 epochs, patience 5", (_CURVE, 5)),
    Case("7 epochs with a tie, patience 2", (np.array([2.0, 1.5, 1.5, 1.6, 1.4, 1.45, 1.5]), 2)),
    Case("12 epochs of a noisy curve, patience 4",
         (np.array([2.3, 1.9, 1.2, 1.05, 1.1, 0.98, 1.0, 1.02, 1.01, 0.99, 1.2, 0.9]), 4)),
]

EXERCISES = (
    Exercise(
        name="range_test_lr",
        solution=range_test_lr,
        cases=_RANGE_CASES,
        formula="lr_min * (lr_max / lr_min) ** (step / (n_steps - 1)): lr_min at step 0, lr_max at step "
                "n_steps - 1, the same factor from each step to the next.",
        mistakes=[
            Mistake("range_test_lr", _exponent_over_n_steps,
                    "the last step, k = n_steps - 1, must reach lr_max: divide the exponent by n_steps - 1, "
                    "not by n_steps."),
            Mistake("range_test_lr", _linear_growth,
                    "your rate grows by the same amount each step (linearly, as in Smith's original test); "
                    "here it grows by the same factor: lr_min * (lr_max / lr_min) ** (step / (n_steps - 1))."),
            Mistake("range_test_lr", _from_the_top,
                    "your rate falls from lr_max to lr_min; a range test starts small and grows: "
                    "lr_min * (lr_max / lr_min) ** (step / (n_steps - 1))."),
        ],
        pure=False,
        arg_names=("step", "lr_min", "lr_max", "n_steps"),
    ),
    Exercise(
        name="scaled_warmup_lr",
        solution=scaled_warmup_lr,
        cases=_WARMUP_CASES,
        formula="target = base_lr * batch_size / base_batch; for step < warmup_steps return "
                "base_lr + (target - base_lr) * step / warmup_steps, afterwards the target.",
        mistakes=[
            Mistake("scaled_warmup_lr", _ramp_from_zero,
                    "your warm-up starts from 0; the gradual warm-up of the linear scaling rule starts "
                    "from base_lr, the rate that works for the small batch, and rises to the target."),
            Mistake("scaled_warmup_lr", _no_scaling,
                    "your rate does not depend on the batch size: the target is "
                    "base_lr * batch_size / base_batch."),
            Mistake("scaled_warmup_lr", _square_root_scaling,
                    "you scaled by the square root of the batch ratio, another rule; the linear scaling "
                    "rule multiplies base_lr by batch_size / base_batch itself."),
            Mistake("scaled_warmup_lr", _inverted_ratio,
                    "the ratio is upside down: a larger batch gets a larger rate, "
                    "base_lr * batch_size / base_batch."),
            Mistake("scaled_warmup_lr", _no_warmup,
                    "there is no warm-up: before step warmup_steps the rate rises linearly from base_lr, "
                    "base_lr + (target - base_lr) * step / warmup_steps."),
        ],
        pure=False,
        arg_names=("step", "base_lr", "base_batch", "batch_size", "warmup_steps"),
    ),
    Exercise(
        name="early_stopping_epochs",
        solution=early_stopping_epochs,
        cases=_STOPPING_CASES,
        formula="go through the epochs 1, 2, ...; a loss below the best so far makes that epoch the best; "
                "stop at the first epoch with epoch - best_epoch == patience (else at the last epoch); "
                "return (best_epoch, stop_epoch).",
        mistakes=[
            Mistake("early_stopping_epochs", _counted_from_zero,
                    "both epochs are one too small: count the epochs from 1, e.g. "
                    "enumerate(val_losses, start=1)."),
            Mistake("early_stopping_epochs", _keeps_the_last_epoch,
                    "you return the stopping epoch as the best one; early stopping keeps the parameters of "
                    "the epoch with the smallest validation loss, patience epochs before the stop."),
            Mistake("early_stopping_epochs", _one_epoch_late,
                    "you stop one epoch late: with patience p, stop at the epoch that is p epochs after "
                    "the best one (epoch - best_epoch >= patience)."),
            Mistake("early_stopping_epochs", _whole_curve,
                    "you looked at the whole curve; the run stops as soon as patience epochs pass without "
                    "improvement and never sees the epochs after that."),
        ],
        arg_names=("val_losses", "patience"),
    ),
)
