#ifndef CYAML_SHIM_H
#define CYAML_SHIM_H
#include <yaml.h>   /* libyaml 0.2 (Debian: libyaml-dev); pkg-config yaml-0.1 */
#endif
