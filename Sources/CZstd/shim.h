// Debian's libzstd-dev: zstd and its dictionary builder.
#include <zstd.h>
#include <zdict.h>
