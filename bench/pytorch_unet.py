#!/usr/bin/env python3
"""PyTorch eager reference for cocolor's colorizer U-Net (cocolor.nn.UNet), built from the weights Java exports.

Same architecture layer for layer: an optional pixel-unshuffle by f before the stem (every level
then runs at 1/f of the resolution), stem conv-bn-lrelu, per level one residual block, stride-2
conv-bn-lrelu downsampling, global context (spatial mean -> Linear -> ReLU -> broadcast add) at
the bottleneck, bilinear x2 upsampling (align_corners=False) + conv-bn-lrelu, concat skip,
conv-bn-lrelu + residual block, 1x1 conv head with bias. With attention, each residual block
scales its branch by a spatial gate (sigmoid of a 7x7 conv with bias over the channel mean and
max) before the sum. Convs before BatchNorm have no bias; BatchNorm eps 1e-5, momentum 0.1 (=
DJL's 0.9 moving-average momentum). Output `rgb`: sigmoid of the head; `affine`: the head's 2x3
channels (gain a, offset b) enlarged bilinearly by f and applied to the full-resolution input g,
y = a*(g - 1/2) + b + 1/2 (inference clamps to [0, 1]).

With a pretrained encoder (cocolor.nn.MobileNetV1): the input scaled to [-1, 1] runs through
MobileNetV1's convolutions (batch norms folded into them, ReLU6 after each) up to the deepest
layer asked for; before every stride-2 layer the first row and column are dropped and the conv
pads one on every side, as the Java port does (its stand-in for TensorFlow's "same" padding).
Each requested layer is projected by a 1x1 conv with bias and added at its U-Net level after
that level's residual blocks (average-pooled first where it is finer). The encoder is frozen
(no gradient) unless the config tunes its last blocks.

Modes:
  --mode bench --weights DIR   the network that `cocolor benchmark --export-pytorch DIR` wrote,
      checked against the Java outputs first (max |PyTorch - DJL| printed, the run stops above
      1e-3), then timed as cocolor's predictor runs it (input mirrored into the margins the
      predictor adds, network, crop, copy out): img/s at 256x256 (batch 1 and --batch), ms per
      1024x768 image, for the network as is (BN ops), with BN folded, and folded with its weights and
      input channels-last (as cocolor lays them out); then the default route
      for --large HxW (reduced to the model's working scale by area averaging, colorized, carried
      back by guided upsampling, as cocolor.infer.ScaledPredictor does), checked against Java's
      route on its check image first. Plus the fp32 matmul peak (bf16 with --bf16).
  --mode train [--weights DIR]   training steps: random input/target, forward, loss (L1, or L1 +
      w*(1 - SSIM) with SSIM over 7x7 uniform windows as cocolor.loss.SsimLoss), backward, AdamW
      (the optimizer settings of train.json, written by TrainThroughput --export-pytorch), zero_grad
      (set_to_none=False, like DJL's fused update which zeroes grads). Without --weights: the
      reference network (UNetConfig.colorizer(1)), Adam lr 1e-3, L1.
  --mode infer [--weights DIR]   inference passes of the same loop.
  --mode phases [--weights DIR]   training steps as --mode train, timed per phase (data, forward
      with the loss, backward, optimizer with zero_grad), medians: OpProfile's plain wall times
      without a profiler's overhead (torch.profiler nearly doubled this step's time).
  --mode profile [--weights DIR]   torch.profiler's table of one training step and one inference
      call, ops by self CPU time: the same breakdown as cocolor.bench.OpProfile.
Each of train/infer prints one line RESULT impl=pytorch mode=... img_s=X (median step time).

Debian's python3-torch is used (not a project dependency), with OpenBLAS (libopenblas0-openmp) behind
its BLAS calls: bench/common.sh installs both. Run with /usr/bin/python3.
"""
import argparse
import copy
import json
import math
import os
import subprocess
import sys
import time

try:
    import torch
except ImportError:
    print("torch not importable; installing Debian's python3-torch", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "python3-torch", "libopenblas0-openmp"], check=True)
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    import torch

import numpy as np
from torch import nn
import torch.nn.functional as F

SLOPE = 0.2
CHECK_TOLERANCE = 1e-3


def conv(cin, cout, k, stride, bias, groups=1):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=bias, groups=groups)


def conv_norm_act(cin, cout, k, stride):
    return nn.Sequential(conv(cin, cout, k, stride, False),
                         nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
                         nn.LeakyReLU(SLOPE))


class SpatialAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = conv(2, 1, 7, 1, True)

    def forward(self, y):
        summary = torch.cat([y.mean(dim=1, keepdim=True), y.amax(dim=1, keepdim=True)], dim=1)
        return y * torch.sigmoid(self.conv(summary))


class ResidualBlock(nn.Module):
    def __init__(self, c, attention):
        super().__init__()
        self.body = nn.Sequential(conv_norm_act(c, c, 3, 1),
                                  conv(c, c, 3, 1, False),
                                  nn.BatchNorm2d(c, eps=1e-5, momentum=0.1))
        self.gate = SpatialAttention() if attention else None

    def forward(self, x):
        y = self.body(x)
        if self.gate is not None:
            y = self.gate(y)
        return F.leaky_relu(x + y, SLOPE)


def residual_stack(c, n, attention):
    return nn.Sequential(*[ResidualBlock(c, attention) for _ in range(n)]) if n > 0 else nn.Identity()


class GlobalContext(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mix = nn.Linear(c, c)

    def forward(self, x):
        pooled = x.mean(dim=3).mean(dim=2)
        g = F.relu(self.mix(pooled))
        return x + g[:, :, None, None]


# MobileNetV1 (cocolor.nn.MobileNetV1): conv1, then conv_dw_k / conv_pw_k for k = 1..12.
POINTWISE = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024]
LAYERS = ["conv1"] + [n for b in range(1, len(POINTWISE) + 1) for n in ("conv_dw_%d" % b, "conv_pw_%d" % b)]


def downsampling_layer(i):
    block = (i + 1) // 2
    return i == 0 or (i % 2 == 1 and block in (2, 4, 6, 12))


def layer_channels(i):
    if i == 0:
        return 32
    if i % 2 == 1:
        return 32 if i == 1 else POINTWISE[(i - 1) // 2 - 1]
    return POINTWISE[i // 2 - 1]


class MobileNetV1(nn.Module):
    def __init__(self, outputs, tune=0):
        super().__init__()
        self.outputs = [LAYERS.index(n) for n in outputs]
        depth = max(self.outputs)
        self.convs = nn.ModuleList()
        channels = 32
        for i in range(depth + 1):
            stride = 2 if downsampling_layer(i) else 1
            if i == 0:
                c = nn.Conv2d(1, 32, 3, stride=stride, padding=1, bias=True)
            elif i % 2 == 1:
                c = nn.Conv2d(channels, channels, 3, stride=stride, padding=1, groups=channels, bias=True)
            else:
                c = nn.Conv2d(channels, POINTWISE[i // 2 - 1], 1, bias=True)
                channels = POINTWISE[i // 2 - 1]
            last_block = (depth + 1) // 2
            learns = i > 0 and (i + 1) // 2 > last_block - tune
            c.requires_grad_(learns)
            self.convs.append(c)

    def forward(self, x):
        x = x * 2 - 1
        kept = {}
        for i, c in enumerate(self.convs):
            if downsampling_layer(i):
                x = x[:, :, 1:, 1:]
            x = torch.clamp(c(x), 0, 6)
            if i in self.outputs:
                kept[i] = x
        return [kept[i] for i in self.outputs]


class UNet(nn.Module):
    def __init__(self, cin=1, cout=3, widths=(16, 32, 64, 128, 256), blocks=1, context=True, attention=False,
                 output="rgb", unshuffle=1, encoder=None, join_levels=()):
        super().__init__()
        w = widths
        L = len(w)
        f = unshuffle
        self.unshuffle = f
        self.output = output
        self.stem = conv_norm_act(cin * f * f, w[0], 3, 1)
        self.encoders = nn.ModuleList([residual_stack(w[i], blocks, attention) for i in range(L)])
        self.downs = nn.ModuleList([conv_norm_act(w[i], w[i + 1], 3, 2) for i in range(L - 1)])
        self.context = GlobalContext(w[-1]) if context else None
        self.ups = nn.ModuleList()
        self.fuses = nn.ModuleList()
        for i in range(L - 2, -1, -1):
            self.ups.append(conv_norm_act(w[i + 1], w[i], 3, 1))
            self.fuses.append(nn.Sequential(conv_norm_act(2 * w[i], w[i], 3, 1), residual_stack(w[i], blocks, attention)))
        self.head = conv(w[0], 2 * cout if output == "affine" else cout, 1, 1, True)
        self.encoder = None
        self.join_levels = list(join_levels)
        if encoder is not None:
            self.encoder = MobileNetV1(encoder["layers"], encoder.get("tune", 0))
            self.encoder_scale = encoder.get("scale", 1) or 1
            self.encoder_reduce = encoder.get("reduce", 1) or 1
            self.projections = nn.ModuleList([conv(layer_channels(LAYERS.index(n)), w[lv], 1, 1, True)
                                              for n, lv in zip(encoder["layers"], self.join_levels)])

    def joins(self, x):
        """The encoder's contribution to each U-Net level (None where none joins)."""
        at = [None] * len(self.encoders)
        if self.encoder is None:
            return at
        e = x if self.encoder_scale == 1 else F.interpolate(x, scale_factor=self.encoder_scale, mode="bilinear",
                                                            align_corners=False)
        if self.encoder_reduce > 1:
            e = F.avg_pool2d(e, self.encoder_reduce)
        for k, a in enumerate(self.encoder(e)):
            p = self.projections[k](a)
            level = self.join_levels[k]
            factor = p.shape[2] // (x.shape[2] // (self.unshuffle << level))
            if factor > 1:
                p = F.avg_pool2d(p, factor, factor)
            at[level] = p if at[level] is None else at[level] + p
        return at

    def image(self, logits, x):
        if self.output == "rgb":
            return torch.sigmoid(logits)
        a, b = logits.chunk(2, dim=1)
        return a * (x[:, 0:1] - 0.5) + b + 0.5

    def forward(self, x):
        f = self.unshuffle
        h = self.stem(F.pixel_unshuffle(x, f) if f > 1 else x)
        joined = self.joins(x)
        skips = []
        for i, enc in enumerate(self.encoders):
            h = enc(h)
            if joined[i] is not None:
                h = h + joined[i]
            if i < len(self.downs):
                skips.append(h)
                h = self.downs[i](h)
        if self.context is not None:
            h = self.context(h)
        feats = [h]
        for j, (up, fuse) in enumerate(zip(self.ups, self.fuses)):
            skip = skips[-1 - j]
            u = up(F.interpolate(h, scale_factor=2, mode="bilinear", align_corners=False))
            h = fuse(torch.cat([u, skip], dim=1))
            feats.append(h)
        logits = self.head(h)
        if f > 1:
            logits = F.interpolate(logits, size=(x.shape[2], x.shape[3]), mode="bilinear", align_corners=False)
        return self.image(logits, x), feats

    def infer(self, x):
        """What cocolor's inference copy outputs: the image, clamped to [0, 1] where the space can leave it."""
        y = self.forward(x)[0]
        return y if self.output == "rgb" else torch.clamp(y, 0, 1)


def forward_order(net):
    """(conv, bn-or-None) units in the order cocolor.nn.Folding.convUnits lists them (the block tree's)."""
    def cna(seq):
        return [(seq[0], seq[1])]

    def res(stack):
        if isinstance(stack, nn.Identity):
            return []
        units = []
        for b in stack:
            units += [(b.body[0][0], b.body[0][1]), (b.body[1], b.body[2])]
            if b.gate is not None:
                units.append((b.gate.conv, None))
        return units

    units = cna(net.stem)
    for i, enc in enumerate(net.encoders):
        units += res(enc)
        if i < len(net.downs):
            units += cna(net.downs[i])
    for up, fuse in zip(net.ups, net.fuses):
        units += cna(up) + cna(fuse[0]) + res(fuse[1])
    return units + [(net.head, None)]


def named_tensors(net):
    """Every exported tensor's name (cocolor.cli.benchmark.PyTorchExport) and the tensor of `net` it fills."""
    out = []
    for i, (c, bn) in enumerate(forward_order(net)):
        out.append(("unit%d.conv.weight" % i, c.weight))
        if c.bias is not None:
            out.append(("unit%d.conv.bias" % i, c.bias))
        if bn is not None:
            for name, t in zip(("gamma", "beta", "runningMean", "runningVar"),
                               (bn.weight, bn.bias, bn.running_mean, bn.running_var)):
                out.append(("unit%d.bn.%s" % (i, name), t))
    if net.context is not None:
        out += [("context.weight", net.context.mix.weight), ("context.bias", net.context.mix.bias)]
    if net.encoder is not None:
        for i, c in enumerate(net.encoder.convs):
            out += [("encoder.%s.weight" % LAYERS[i], c.weight), ("encoder.%s.bias" % LAYERS[i], c.bias)]
        for k, p in enumerate(net.projections):
            out += [("project%d.weight" % k, p.weight), ("project%d.bias" % k, p.bias)]
    return out


def read_floats(directory, name, shape):
    return np.fromfile(os.path.join(directory, name), dtype="<f4").reshape(shape)


def load_export(directory):
    """The network of cocolor's export (weights.json, weights.bin), with its weights, and the index."""
    index = json.load(open(os.path.join(directory, "weights.json")))
    cfg = index["config"]
    if cfg.get("refine", 0) or cfg.get("output", "rgb") not in ("rgb", "affine"):
        raise SystemExit("this script knows U-Nets with output rgb or affine and no refinement path: %s" % cfg)
    net = UNet(cfg["in"], cfg["out"], tuple(cfg["widths"]), cfg["blocks"], cfg["context"], cfg.get("attention", False),
               cfg.get("output", "rgb"), cfg.get("unshuffle", 1) or 1, cfg.get("encoder"), index.get("join_levels", ()))
    flat = np.fromfile(os.path.join(directory, "weights.bin"), dtype="<f4")
    tensors = {t["name"]: t for t in index["tensors"]}
    with torch.no_grad():
        for name, dst in named_tensors(net):
            t = tensors.pop(name, None)
            assert t is not None, "the export has no tensor %s: not the same network" % name
            src = torch.from_numpy(flat[t["offset"]:t["offset"] + int(np.prod(t["shape"]))].copy()).reshape(t["shape"])
            assert tuple(src.shape) == tuple(dst.shape), (name, src.shape, dst.shape)
            dst.copy_(src)
    assert not tensors, "tensors of the export this network has no place for: %s" % sorted(tensors)
    return net.eval(), index


def folded_copy(net):
    """Eval copy with every BatchNorm folded into its convolution (torch's own fusion helper)."""
    import copy
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    net = copy.deepcopy(net)
    for c, bn in forward_order(net):
        if bn is not None:
            fused = fuse_conv_bn_eval(c, bn)
            c.weight, c.bias = fused.weight, fused.bias
    for m in net.modules():  # every BatchNorm sits in a Sequential: replace it by a no-op
        if isinstance(m, nn.Sequential):
            for k, child in list(m._modules.items()):
                if isinstance(child, nn.BatchNorm2d):
                    m._modules[k] = nn.Identity()
    return net


class Predictor:
    """cocolor.infer.Predictor: the input mirrored into `margin` pixels at the top and left and at
    least `trailing` at the bottom and right (up to a multiple of the stride), the network, the crop;
    numpy float32 (N, 1, h, w) in, (N, C, h, w) out, as Java's float arrays. Never tiled: the images
    timed here stay below the predictor's tiling threshold (1 megapixel of canvas; 1024x768 is 0.97)."""

    def __init__(self, run, predictor):
        self.run = run
        self.margin = predictor["margin"]
        self.trailing = predictor["trailing_margin"]
        self.stride = predictor["stride"]

    def padded(self, v):
        return (self.margin + v + self.trailing + self.stride - 1) // self.stride * self.stride

    def __call__(self, x):
        n, c, h, w = x.shape
        m = self.margin
        canvas = np.pad(x, ((0, 0), (0, 0), (m, self.padded(h) - h - m), (m, self.padded(w) - w - m)), mode="reflect")
        with torch.inference_mode():
            y = self.run(torch.from_numpy(canvas)).numpy()
        return np.ascontiguousarray(y[:, :, m:m + h, m:m + w])


# The default route (cocolor.infer.ScaledPredictor with WorkingScale and GuidedUpsampling(1, 3e-4)).
REDUCE_ABOVE = 1.5
GUIDED_RADIUS = 1
GUIDED_EPS = 3e-4
MAX_SLOPE = 2.0


def taps(kind, n_in, n_out):
    """cocolor.image.Resample.Taps: per output position its first input and weights, as (first, weights) tensors,
    the weights zero-padded to the longest."""
    s = n_in / n_out
    rows = []
    for i in range(n_out):
        if kind == "area":
            lo, hi = i * s, min(n_in, (i + 1) * s)
            j0 = int(math.floor(lo))
            w = [(min(j0 + k + 1, hi) - max(j0 + k, lo)) / (hi - lo) for k in range(min(n_in, int(math.ceil(hi))) - j0)]
        elif kind == "bilinear":
            p = max(0.0, min(n_in - 1, (i + 0.5) * s - 0.5))
            j0 = min(int(p), max(0, n_in - 2))
            w = [1.0] if n_in == 1 else [1 - (p - j0), p - j0]
        else:  # Keys' bicubic, a = -0.5; taps beyond an edge weigh on the edge pixel
            p = (i + 0.5) * s - 0.5
            fl = int(math.floor(p))
            lo = max(0, min(n_in - 1, fl - 1))
            w = [0.0] * (max(0, min(n_in - 1, fl + 2)) - lo + 1)
            for k in range(-1, 3):
                j = max(0, min(n_in - 1, fl + k))
                w[j - lo] += keys(p - (fl + k))
            j0 = lo
        rows.append((j0, np.float32(w)))
    width = max(len(w) for _, w in rows)
    weights = np.zeros((n_out, width), dtype=np.float32)
    for i, (_, w) in enumerate(rows):
        weights[i, :len(w)] = w
    return torch.tensor([j for j, _ in rows]), torch.from_numpy(weights)


def keys(x):
    t = abs(x)
    if t <= 1:
        return (1.5 * t - 2.5) * t * t + 1
    return ((-0.5 * t + 2.5) * t - 4) * t + 2 if t < 2 else 0.0


def resample(x, rows, cols):
    """x (..., h, w) resampled by row taps then column taps: out[y, x] = sum of weights times inputs."""
    def along(x, t, dim):
        first, weights = t
        n = x.shape[dim]
        out = None
        for k in range(weights.shape[1]):
            wk = weights[:, k] if dim == -1 else weights[:, k, None]
            term = x.index_select(dim, torch.clamp(first + k, max=n - 1)) * wk
            out = term if out is None else out.add_(term)
        return out
    return along(along(x, cols, -1), rows, -2)  # columns first: the full-resolution pass copies whole rows


def box(x, radius):
    """cocolor.image.BoxFilter: mean over (2r+1)^2 windows, half-sample symmetric edges, of (C, h, w)."""
    def idx(n):
        m = [(i - radius) % (2 * n) for i in range(n + 2 * radius)]
        return torch.tensor([v if v < n else 2 * n - 1 - v for v in m])
    h, w = x.shape[-2:]
    p = x.index_select(-2, idx(h)).index_select(-1, idx(w))
    k = 2 * radius + 1
    return F.avg_pool2d(p.unsqueeze(0), k, 1).squeeze(0)


def guided_slopes(guide_low, colour_low):
    """cocolor.image.GuidedUpsampling.fit's a: per channel, colour ~ a*guide + b in each window (ridge eps), averaged."""
    g = guide_low.double()
    p = colour_low.double()
    mean_g = box(g, GUIDED_RADIUS)
    var = box(g * g, GUIDED_RADIUS) - mean_g * mean_g
    cov = box(g * p, GUIDED_RADIUS) - mean_g * box(p, GUIDED_RADIUS)
    a = torch.clamp(cov / (var + GUIDED_EPS), -MAX_SLOPE, MAX_SLOPE)
    return box(a, GUIDED_RADIUS).float()


class DefaultRoute:
    """What `colorize` does with one large image (--scale auto): reduced by area averaging so that its
    shorter side is the working scale, colorized by the predictor, carried back by guided upsampling."""

    def __init__(self, predictor, image_size):
        self.predictor = predictor
        self.image_size = image_size
        self.taps = {}

    def tap(self, kind, n_in, n_out):
        key = (kind, n_in, n_out)
        if key not in self.taps:
            self.taps[key] = taps(kind, n_in, n_out)
        return self.taps[key]

    def __call__(self, nir):
        """nir: numpy (H, W) float32; returns (3, H, W)."""
        H, W = nir.shape
        if min(H, W) <= REDUCE_ABOVE * self.image_size:
            return self.predictor(nir[None, None])[0]
        f = self.image_size / min(H, W)
        h, w = max(1, int(math.floor(H * f + 0.5))), max(1, int(math.floor(W * f + 0.5)))
        full = torch.from_numpy(nir)
        with torch.inference_mode():
            low = resample(full, self.tap("area", H, h), self.tap("area", W, w))
        colour = torch.from_numpy(self.predictor(low.numpy()[None, None])[0])
        with torch.inference_mode():
            a = guided_slopes(low[None], colour)
            cubic = resample(torch.cat([low[None], colour]), self.tap("cubic", h, H), self.tap("cubic", w, W))
            detail = full - cubic[0]
            slopes = resample(a, self.tap("bilinear", h, H), self.tap("bilinear", w, W))
            out = torch.clamp(cubic[1:].addcmul_(slopes, detail), 0, 1)
        return out.numpy()


def check(net, index, directory):
    """Max |PyTorch - DJL| on the export's check images: the network as trained, the folded copy, the default route."""
    pred = Predictor(lambda x: net(x)[0], index["predictor"])
    h, w = index["check"]["height"], index["check"]["width"]
    x = read_floats(directory, "check_in.bin", (1, 1, h, w))
    diffs = {"network": np.abs(pred(x) - read_floats(directory, "check_out.bin", (1, -1, h, w))).max()}
    folded = folded_copy(net)
    infer = Predictor(folded.infer, index["predictor"])
    diffs["folded"] = np.abs(infer(x) - read_floats(directory, "check_out_folded.bin", (1, -1, h, w))).max()
    rh, rw = index["route_check"]["height"], index["route_check"]["width"]
    route = DefaultRoute(infer, index["image_size"])
    diffs["route"] = np.abs(route(read_floats(directory, "route_in.bin", (rh, rw)))
                            - read_floats(directory, "route_out.bin", (-1, rh, rw))).max()
    print("weights: %s; max |PyTorch - DJL|: network %.2e, folded %.2e (%dx%d through the predictor), "
          "default route %.2e (%dx%d)" % (directory, diffs["network"], diffs["folded"], h, w, diffs["route"], rh, rw),
          file=sys.stderr)
    print("RESULT impl=pytorch variant=check max_diff_network=%.3g max_diff_folded=%.3g max_diff_route=%.3g"
          % (diffs["network"], diffs["folded"], diffs["route"]))
    bad = {k: v for k, v in diffs.items() if not v < CHECK_TOLERANCE}
    assert not bad, "PyTorch output differs from DJL's: not the same network (%s)" % bad
    return folded


def median_ms(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def blas_library():
    """The BLAS that torch's matrix products and its 1x1 convolutions on one thread (thnn_conv2d) went to.
    Debian's python3-torch takes whatever provides libblas.so.3: the reference BLAS (libblas3) unless an
    optimized one is installed, which made torch.mm 0.9 instead of 123 GFLOP/s and a 1x1 convolution 80x slower."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    try:
        libs = {line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split()[-1]}
    except OSError:
        return "unknown"
    for lib in sorted(libs):
        if "openblas" in lib:
            return "openblas-" + ("openmp" if "openmp" in lib else "pthread" if "pthread" in lib else "serial")
        if "mkl" in lib:
            return "mkl"
    return "reference" if libs else "unknown"


def matmul_peak(dtype, n, repeats):
    a = torch.rand(n, n, dtype=dtype)
    b = torch.rand(n, n, dtype=dtype)
    ms = median_ms(lambda: torch.mm(a, b), 2, repeats)
    return 2.0 * n ** 3 / (ms * 1e6)


def synthetic(h, w, seed):
    """A smooth NIR-like image, numpy float32 (h, w): its content does not change the speed."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    return (0.5 + 0.4 * np.sin(6.28 * rng.integers(1, 4) * x / w) * np.cos(6.28 * rng.integers(1, 4) * y / h)).astype(np.float32)


def bench(a):
    net, index = load_export(a.weights)
    folded = check(net, index, a.weights)
    blas = blas_library()
    if blas == "reference":
        print("warning: torch uses the reference BLAS (libblas3): install libopenblas0-openmp", file=sys.stderr)
    peak = "RESULT impl=pytorch variant=peak blas=%s gflop_s=%.1f" % (blas, matmul_peak(torch.float32, 2048, a.steps))
    if a.bf16:
        peak += " bf16_gflop_s=%.1f" % matmul_peak(torch.bfloat16, 2048, a.steps)
    print(peak + " torch=%s threads=%d" % (torch.__version__, torch.get_num_threads()))
    sys.stdout.flush()
    # cocolor lays activations out channels-last (cocolor.nn.Layers.channelsLast); PyTorch can too, by hand
    folded_cl = copy.deepcopy(folded).to(memory_format=torch.channels_last)
    variants = [("eager", lambda x: net.infer(x), False), ("folded", folded.infer, False),
                ("folded-channels-last", lambda x: folded_cl.infer(x.contiguous(memory_format=torch.channels_last)), False)]
    if a.bf16:
        variants.append(("bf16autocast", folded.infer, True))
    x1 = synthetic(256, 256, 1)[None, None]
    xb = np.repeat(x1, a.batch, axis=0)
    xl = synthetic(768, 1024, 2)[None, None]
    for name, model, bf16 in variants:
        def run(x, model=model, bf16=bf16):
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                return model(x).float()
        pred = Predictor(run, index["predictor"])
        b1 = median_ms(lambda: pred(x1), a.warmup, a.steps)
        batched = median_ms(lambda: pred(xb), a.warmup, a.steps)
        # bf16 is far slower here (see docs/performance.md); its 1024x768 figure would only stretch the run.
        big = float("nan") if bf16 else median_ms(lambda: pred(xl), min(a.warmup, 1), a.steps)
        print("RESULT impl=pytorch variant=%s batch=%d img_s_256=%.3f img_s_256_batched=%.3f ms_1024x768=%.1f"
              % (name, a.batch, 1000 / b1, a.batch * 1000 / batched, big))
        sys.stdout.flush()
    if a.large:
        H, W = (int(v) for v in a.large.lower().split("x"))
        route = DefaultRoute(Predictor(folded.infer, index["predictor"]), index["image_size"])
        nir = synthetic(H, W, 3)
        ms = median_ms(lambda: route(nir), min(a.warmup, 1), a.large_repeats)
        print("RESULT impl=pytorch variant=large route=auto size=%dx%d s=%.2f" % (H, W, ms / 1000))


def ssim(x, y):
    """cocolor.loss.SsimLoss.ssim: mean SSIM over 7x7 uniform windows (no padding), local means by depthwise convs."""
    def box7(t):
        c = t.shape[1]
        return F.conv2d(t, torch.full((c, 1, 7, 7), 1.0 / 49), groups=c)
    mx, mxx, mxy_ = box7(torch.cat([x, x * x, x * y], 1)).chunk(3, 1)
    my, myy = box7(torch.cat([y, y * y], 1)).chunk(2, 1)
    mx2, my2, mxy = mx * mx, my * my, mx * my
    cov = mxy_ - mxy
    variances = mxx + myy - mx2 - my2
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    return ((2 * mxy + c1) * (2 * cov + c2) / ((mx2 + my2 + c1) * (variances + c2))).mean()


def training_setup(a):
    """The network, its optimizer, the loss of the train/infer/profile modes, and the export's index (or None)."""
    index = None
    if a.weights:
        net, index = load_export(a.weights)
        settings_file = os.path.join(a.weights, "train.json")
        settings = json.load(open(settings_file)) if os.path.exists(settings_file) else {}
    else:
        torch.manual_seed(0)
        net, settings = UNet(), {}
    o = settings.get("optimizer", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.0, "eps": 1e-8})
    loss_name = a.loss or settings.get("loss", "l1")
    ssim_weight = settings.get("ssim_weight", 0.2)
    if a.channels_last:  # weights and, in train_step, inputs: every activation after them follows
        net = net.to(memory_format=torch.channels_last)
    trainable = [p for p in net.parameters() if p.requires_grad]  # a frozen encoder's weights are not among them
    opt = torch.optim.AdamW(trainable, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["eps"],
                            weight_decay=o["weight_decay"])

    def loss_of(y, tgt):
        loss = (y - tgt).abs().mean()
        if loss_name == "l1+ssim":
            loss = loss + ssim_weight * (1 - ssim(y, tgt))
        return loss
    return net, opt, loss_of, loss_name, sum(p.numel() for p in trainable), index


def train_step(net, opt, loss_of, batch, size, phases=None, channels_last=False):
    """One step; with a list in `phases`, appends the ms of (data, forward, backward, optimizer)."""
    net.train()
    t0 = time.perf_counter()
    x = torch.rand(batch, 1, size, size)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    tgt = torch.rand(batch, 3, size, size)
    t1 = time.perf_counter()
    y, _ = net(x)
    loss = loss_of(y, tgt)
    t2 = time.perf_counter()
    loss.backward()
    t3 = time.perf_counter()
    opt.step()
    opt.zero_grad(set_to_none=False)
    t4 = time.perf_counter()
    if phases is not None:
        phases.append([(b - a) * 1000 for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4))])


def infer_step(net, batch, size):
    """The network's forward pass in inference mode, as TrainThroughput --mode infer runs DJL's blocks."""
    net.eval()
    with torch.inference_mode():
        net(torch.rand(batch, 1, size, size))[0].numpy().copy()


def profile(a):
    net, opt, loss_of, loss_name, _, index = training_setup(a)
    from torch.profiler import profile as torch_profile, ProfilerActivity
    if index is not None:  # as cocolor.bench.OpProfile: the folded copy through the predictor
        predictor = Predictor(folded_copy(net).infer, index["predictor"])
        image = np.full((1, 1, a.infer_size, a.infer_size), 0.5, dtype=np.float32)
        infer, infer_what = lambda: predictor(image), "inference, folded, one %d^2 image through the predictor" % a.infer_size
    else:
        infer, infer_what = lambda: infer_step(net, 1, a.infer_size), "inference, batch 1 of %d^2" % a.infer_size
    runs = {"train": ("training step, batch %d of %d^2, %s" % (a.batch, a.size, loss_name),
                      lambda: train_step(net, opt, loss_of, a.batch, a.size, channels_last=a.channels_last)),
            "infer": (infer_what, infer)}
    for what, step in (runs[w] for w in a.what.split(",")):
        for _ in range(a.warmup):
            step()
        with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(a.steps):
                step()
        print("== PyTorch %s %s, %d steps, %d threads" % (torch.__version__, what, a.steps, torch.get_num_threads()))
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=a.top))
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0 = torch default)")
    ap.add_argument("--mode", choices=["train", "infer", "bench", "profile", "phases"], default="train")
    ap.add_argument("--weights", help="directory written by `cocolor benchmark --export-pytorch` or TrainThroughput --export-pytorch")
    ap.add_argument("--loss", choices=["l1", "l1+ssim"], help="training loss (default: train.json's, else l1)")
    ap.add_argument("--large", default="4000x6000", help="bench: HxW of the default route's image ('' to skip)")
    ap.add_argument("--large-repeats", type=int, default=3, help="bench: timed runs of the default route")
    ap.add_argument("--bf16", action="store_true", help="bench: also bf16 autocast and the bf16 matmul peak")
    ap.add_argument("--channels-last", action="store_true",
                    help="train/phases/profile: weights and inputs in channels-last memory order (as cocolor runs)")
    ap.add_argument("--infer-size", type=int, default=256, help="profile: side of the inference call's image")
    ap.add_argument("--top", type=int, default=30, help="profile: rows of each table")
    ap.add_argument("--what", default="train,infer", help="profile: train, infer or both (train,infer)")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.mode == "bench":
        if not a.weights:
            raise SystemExit("--mode bench needs --weights DIR")
        return bench(a)
    if a.mode == "profile":
        return profile(a)
    net, opt, loss_of, loss_name, nparams, _ = training_setup(a)
    if a.mode == "phases":  # as OpProfile's plain per-phase wall times, without a profiler
        phases = []
        for i in range(-a.warmup, a.steps):
            train_step(net, opt, loss_of, a.batch, a.size, phases if i >= 0 else None, a.channels_last)
        names = ("data", "forward", "backward", "optimizer")
        print("RESULT impl=pytorch mode=phases batch=%d size=%d threads=%d %s step_ms=%.1f"
              % (a.batch, a.size, torch.get_num_threads(),
                 " ".join("%s_ms=%.1f" % (n, median([p[k] for p in phases])) for k, n in enumerate(names)),
                 median([sum(p) for p in phases])))
        return
    times = []
    for i in range(-a.warmup, a.steps):
        t0 = time.perf_counter()
        if a.mode == "train":
            train_step(net, opt, loss_of, a.batch, a.size, channels_last=a.channels_last)
        else:
            infer_step(net, a.batch, a.size)
        t1 = time.perf_counter()
        if i >= 0:
            times.append((t1 - t0) * 1000)
    med = median(times)
    print("RESULT impl=pytorch mode=%s loss=%s threads=%d batch=%d size=%d ms_step=%.1f mean_ms=%.1f img_s=%.2f "
          "trainable_params=%d torch=%s blas=%s" % (a.mode, loss_name, torch.get_num_threads(), a.batch, a.size, med,
                                                    sum(times) / len(times), a.batch * 1000 / med, nparams,
                                                    torch.__version__, blas_library()))


if __name__ == "__main__":
    main()
