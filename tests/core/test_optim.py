"""Optimizer steps against hand-computed values of PyTorch's documented update rules."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_studio.core.training.optim import SGD, Adam, OptimizerError, RMSprop, make_optimizer


def steps(opt, theta, grads):
    out = []
    for g in grads:
        theta = opt.step(np.array([theta]), np.array([g]))[0]
        out.append(theta)
    return out


def test_sgd_plain_step():
    opt = SGD(0.1)
    new = opt.step(np.array([1.0, -2.0]), np.array([0.5, 1.0]))
    assert new.tolist() == pytest.approx([0.95, -2.1], abs=1e-15)


def test_sgd_momentum_follows_pytorch_rule():
    # v1 = g1 = 0.5 -> 1 - 0.05 = 0.95; v2 = 0.9 * 0.5 + 0.3 = 0.75 -> 0.95 - 0.075 = 0.875
    assert steps(SGD(0.1, 0.9), 1.0, [0.5, 0.3]) == pytest.approx([0.95, 0.875], abs=1e-15)


def test_sgd_nesterov():
    # direction = g + mu * v: 0.5 + 0.45 = 0.95 -> 0.905; then 0.3 + 0.9 * 0.75 = 0.975 -> 0.8075
    opt = SGD(0.1, 0.9, nesterov=True)
    assert steps(opt, 1.0, [0.5, 0.3]) == pytest.approx([0.905, 0.8075], abs=1e-15)


def test_sgd_dampening_skips_first_step_like_pytorch():
    # first step v = g (no dampening); then v = 0.9 * 0.5 + (1 - 0.5) * 0.3 = 0.6 -> 0.89
    opt = SGD(0.1, 0.9, dampening=0.5)
    assert steps(opt, 1.0, [0.5, 0.3]) == pytest.approx([0.95, 0.89], abs=1e-15)


def test_rmsprop_steps():
    # s1 = 0.01 * 4 = 0.04, step 0.01 * 2 / (0.2 + 1e-8); s2 = 0.99 * 0.04 + 0.01 = 0.0496
    opt = RMSprop(0.01)
    assert steps(opt, 1.0, [2.0, 1.0]) == pytest.approx(
        [0.9000000049999998, 0.855098681509435], abs=1e-14
    )


def test_rmsprop_with_momentum():
    # b1 = 2 / 0.20000001; b2 = 0.5 * b1 + 1 / (sqrt(0.0496) + 1e-8)
    opt = RMSprop(0.01, 0.5)
    assert steps(opt, 1.0, [2.0, 1.0]) == pytest.approx(
        [0.9000000049999998, 0.8050986840094349], abs=1e-14
    )


def test_rmsprop_first_step_is_ten_learning_rates():
    # s1 = (1 - 0.99) g^2, so g / sqrt(s1) = 10 sign(g), whatever the size of g
    for g in (0.1, 5.0, -40.0):
        new = RMSprop(0.01).step(np.zeros(1), np.array([g]))
        assert new[0] == pytest.approx(-0.1 * np.sign(g), rel=1e-5)


def test_adam_steps_with_bias_correction():
    # step 1: m^ = g, v^ = g^2 -> lr * g / (|g| + eps); step 2: m = 0.28, v = 0.004996,
    # bias corrections 1 - 0.9^2 = 0.19 and 1 - 0.999^2 = 0.001999
    opt = Adam(0.1)
    assert steps(opt, 1.0, [2.0, 1.0]) == pytest.approx(
        [0.9000000005, 0.8067820372085103], abs=1e-14
    )
    assert opt.m[0] == pytest.approx(0.28)
    assert opt.v[0] == pytest.approx(0.004996)


def test_adam_first_step_is_one_learning_rate_per_coordinate():
    new = Adam(0.05).step(np.array([0.0, 0.0, 0.0]), np.array([0.1, 3.0, -700.0]))
    assert new.tolist() == pytest.approx([-0.05, -0.05, 0.05], rel=1e-6)


def test_defaults_are_pytorchs():
    r, a = RMSprop(), Adam()
    assert (r.learning_rate, r.alpha, r.eps, r.momentum) == (0.01, 0.99, 1e-8, 0.0)
    assert (a.learning_rate, a.beta1, a.beta2, a.eps) == (0.001, 0.9, 0.999, 1e-8)
    s = SGD()
    assert (s.momentum, s.dampening, s.nesterov) == (0.0, 0.0, False)


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adam"])
def test_every_optimizer_minimises_a_quadratic(name):
    # L = (theta - [3, -1])^2 summed; gradient 2 (theta - target)
    target = np.array([3.0, -1.0])
    opt = make_optimizer(name, 0.05, 0.5)
    theta = np.zeros(2)
    for _ in range(3000):
        theta = opt.step(theta, 2 * (theta - target))
    assert theta == pytest.approx(target, abs=1e-3)


def test_step_returns_new_vector_and_reset_forgets_state():
    opt = SGD(0.1, 0.9)
    theta = np.array([1.0])
    first = opt.step(theta, np.array([1.0]))
    assert theta[0] == 1.0 and first[0] == pytest.approx(0.9)
    opt.step(first, np.array([1.0]))
    opt.reset()
    assert opt.velocity is None and opt.steps == 0
    assert opt.step(np.array([1.0]), np.array([1.0]))[0] == pytest.approx(0.9)


def test_adam_ignores_momentum_setting():
    a = make_optimizer("adam", 0.1, momentum=0.9)
    b = make_optimizer("adam", 0.1, momentum=0.0)
    g = np.array([0.7])
    assert a.step(np.zeros(1), g) == pytest.approx(b.step(np.zeros(1), g))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: make_optimizer("lbfgs", 0.1), "unknown optimizer 'lbfgs'; choose one of sgd"),
        (lambda: SGD(0.0), "learning rate must be a number above 0"),
        (lambda: SGD(float("nan")), "learning rate must be a number above 0"),
        (lambda: SGD(0.1, -0.5), "momentum must be a number at least 0 and at most 1"),
        (lambda: SGD(0.1, 0.0, nesterov=True), "Nesterov momentum needs a momentum above 0"),
        (lambda: Adam(0.1, beta1=1.0), "beta1 must be a number at least 0 and below 1"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(make, message):
    with pytest.raises(OptimizerError, match=message.replace("(", r"\(")):
        make()


def test_shape_mismatch_is_refused():
    with pytest.raises(OptimizerError, match="gradient has shape"):
        SGD(0.1).step(np.zeros(2), np.zeros(3))
