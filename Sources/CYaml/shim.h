#ifndef CYAML_SHIM_H
#define CYAML_SHIM_H
// libyaml, for kubeconfig files.
#include <yaml.h>
#endif
