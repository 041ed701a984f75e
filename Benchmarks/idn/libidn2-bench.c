/* In-process libidn2 rate: idn2_to_ascii_8z (IDN2_NONTRANSITIONAL) over every line of
 * a file, and idn2_to_unicode_8z8z over every line of a second file.
 * Build: gcc -O2 -o libidn2-bench libidn2-bench.c -lidn2
 * Usage: libidn2-bench NAMES ASCII_NAMES   (prints "to-ascii N ok SECONDS" etc.) */
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char **load(const char *path, size_t *count) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(size + 1);
    if (fread(buf, 1, size, f) != (size_t)size) { perror("read"); exit(2); }
    buf[size] = 0;
    fclose(f);
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    for (char *p = buf; *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        if (*p) {
            if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
            lines[n++] = p;
        }
        if (!nl) break;
        p = nl + 1;
    }
    *count = n;
    return lines;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s NAMES ASCII_NAMES\n", argv[0]); return 2; }
    size_t n, m;
    char **names = load(argv[1], &n);
    char **ascii = load(argv[2], &m);
    size_t ok = 0;
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        if (idn2_to_ascii_8z(names[i], &out, IDN2_NONTRANSITIONAL) == IDN2_OK) ok++;
        idn2_free(out);
    }
    double t1 = now();
    printf("to-ascii %zu %zu %.6f\n", n, ok, t1 - t0);
    ok = 0;
    t0 = now();
    for (size_t i = 0; i < m; i++) {
        char *out = NULL;
        if (idn2_to_unicode_8z8z(ascii[i], &out, IDN2_NONTRANSITIONAL) == IDN2_OK) ok++;
        idn2_free(out);
    }
    t1 = now();
    printf("to-unicode %zu %zu %.6f\n", m, ok, t1 - t0);
    return 0;
}
