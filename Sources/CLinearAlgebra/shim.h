#ifndef CLINEARALGEBRA_SHIM_H
#define CLINEARALGEBRA_SHIM_H
/* OpenBLAS' cblas.h (pkg-config openblas adds -I.../openblas-pthread/); it also declares
   openblas_set_num_threads / openblas_get_num_threads / openblas_get_config. */
#include <cblas.h>
/* LAPACKE from liblapacke-dev (OpenBLAS here is built NO_LAPACKE); pulls in lapack.h. */
#include <lapacke.h>
#endif
