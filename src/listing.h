/* listing.h: --list-formats, printed (listing.c). */
#ifndef STATUSMON_LISTING_H
#define STATUSMON_LISTING_H

#include <stdio.h>
#include "statusmon/parse.h"

void list_formats(FILE *out, const char *patterns_dir);

#endif
