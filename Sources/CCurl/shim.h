#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
#include <curl/curl.h>
#endif
