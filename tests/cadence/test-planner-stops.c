#include "config.h"
#include "cbz-test-util.h"
int main (int argc, char **argv) { cbz_test_init (&argc, &argv, NULL); return g_test_run (); }
