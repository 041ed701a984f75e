#ifndef DVTOOL_CLDNS_SHIM_H
#define DVTOOL_CLDNS_SHIM_H
// stdbool must come first: otherwise ldns/common.h defines bool as signed char.
#include <stdbool.h>
#include <stdlib.h>
#include <ldns/ldns.h>
#endif
