"""What DJL's bilinear interpolation costs for taking libtorch's antialiased kernel.

DJL 0.36's NDArrayEx.interpolation(size, 1 /* bilinear */, false) reaches libtorch as
aten::_upsample_bilinear2d_aa (docs/performance.md, "Two DJL costs"); when enlarging, its results
equal the plain kernel's. This times both kernels in PyTorch, forward and backward, at the shapes the
shipped network enlarges in a training step (the decoder's x2 steps and the head's x4), 2 threads:

    OMP_NUM_THREADS=2 /usr/bin/python3 bench/bilinear_aa.py [--threads 2] [--repeats 20]
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_unet import median_ms  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=20)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    # (batch, channels, side, factor) of the shipped network's enlargements: the decoder's x2 steps and the head's x4
    configs = {"batch 8 of 128^2": [(8, 256, 4, 2), (8, 128, 8, 2), (8, 64, 16, 2), (8, 6, 32, 4)],
               "batch 4 of 256^2": [(4, 256, 8, 2), (4, 128, 16, 2), (4, 64, 32, 2), (4, 6, 64, 4)]}
    print("shape (N, C, H, W) x factor        aa fwd ms  plain fwd ms   aa f+b ms  plain f+b ms")
    for config, shapes in configs.items():
        total = [0.0, 0.0, 0.0, 0.0]
        for n, c, s, f in shapes:
            x = torch.rand(n, c, s, s, requires_grad=True)
            g = torch.rand(n, c, s * f, s * f)

            def up(aa):
                return F.interpolate(x, scale_factor=f, mode="bilinear", align_corners=False, antialias=aa)

            def forward_backward(aa):
                up(aa).backward(g)
                x.grad = None

            row = []
            for aa in (True, False):
                with torch.no_grad():
                    row.append(median_ms(lambda: up(aa), 3, a.repeats))
            for aa in (True, False):
                row.append(median_ms(lambda: forward_backward(aa), 3, a.repeats))
            with torch.no_grad():
                same = (up(True) - up(False)).abs().max().item()
            print("%-32s %10.3f %13.3f %11.3f %13.3f   max |aa - plain| %.1e"
                  % ("(%d, %d, %d, %d) x%d" % (n, c, s, s, f), *row, same))
            total = [t + r for t, r in zip(total, row)]
        print("%-32s %10.3f %13.3f %11.3f %13.3f" % ("sum, " + config, *total))

if __name__ == "__main__":
    main()
