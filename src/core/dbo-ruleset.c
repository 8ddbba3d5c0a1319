/* in progress */
#include "config.h"
