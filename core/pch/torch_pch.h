#pragma once

// Precompiled for every translation unit of the torch half of core: parsing these headers costs
// ~25 s per unit otherwise.
#include <ATen/ATen.h>
#include <torch/nn.h>
#include <torch/optim.h>
#include <torch/types.h>
#include <torch/utils.h>
