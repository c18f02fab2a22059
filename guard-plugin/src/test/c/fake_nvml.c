/*
 * A fake libnvidia-ml for tests: the few NVML entry points the guard binds, answering from
 * settings read at every call, so one JVM can run several scenarios.
 * A setting KEY is taken from the environment variable FAKE_NVML_<KEY> if set, else from the
 * file named by FAKE_NVML_CONFIG (lines "KEY=VALUE"), else its default. Keys:
 *   INIT_RC (0), COUNT (1), TOTAL (80e9), USED (0), TOTAL_<i>, USED_<i> (per device),
 *   UTIL (0), UTIL_<i>, UTIL_RC (0, 3 = NOT_SUPPORTED), MEM_RC (0), NAME ("Fake GPU").
 * Counters of init/shutdown calls are written back to the file named by FAKE_NVML_COUNTERS.
 * Build: gcc -shared -fPIC -o libfakenvml.so fake_nvml.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;

static int inits = 0, shutdowns = 0;

static int lookup(const char *key, char *out, size_t len) {
    char env[128];
    snprintf(env, sizeof env, "FAKE_NVML_%s", key);
    const char *v = getenv(env);
    if (v) { snprintf(out, len, "%s", v); return 1; }
    const char *path = getenv("FAKE_NVML_CONFIG");
    if (!path) return 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[256];
    size_t kl = strlen(key);
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
            char *val = line + kl + 1;
            val[strcspn(val, "\r\n")] = 0;
            snprintf(out, len, "%s", val);
            found = 1;
            break;
        }
    }
    fclose(f);
    return found;
}

static long long num(const char *key, long long def) {
    char buf[128];
    return lookup(key, buf, sizeof buf) ? atoll(buf) : def;
}

static long long dev_num(const char *key, int i, long long def) {
    char k[64];
    snprintf(k, sizeof k, "%s_%d", key, i);
    return num(k, num(key, def));
}

static void write_counters(void) {
    const char *path = getenv("FAKE_NVML_COUNTERS");
    if (!path) return;
    FILE *f = fopen(path, "w");
    if (!f) return;
    fprintf(f, "inits=%d\nshutdowns=%d\n", inits, shutdowns);
    fclose(f);
}

int nvmlInit_v2(void) {
    int rc = (int) num("INIT_RC", 0);
    if (rc == 0) { inits++; write_counters(); }
    return rc;
}

int nvmlShutdown(void) { shutdowns++; write_counters(); return 0; }

int nvmlDeviceGetCount_v2(unsigned int *count) { *count = (unsigned int) num("COUNT", 1); return 0; }

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) {
    if (index >= (unsigned int) num("COUNT", 1)) return 2; /* INVALID_ARGUMENT */
    *device = (void *) (size_t) (index + 1);
    return 0;
}

static int index_of(void *device) { return (int) ((size_t) device - 1); }

int nvmlDeviceGetName(void *device, char *name, unsigned int length) {
    char base[64] = "Fake GPU";
    lookup("NAME", base, sizeof base);
    snprintf(name, length, "%s %d", base, index_of(device));
    return 0;
}

int nvmlDeviceGetUUID(void *device, char *uuid, unsigned int length) {
    snprintf(uuid, length, "GPU-fake-%04d", index_of(device));
    return 0;
}

int nvmlDeviceGetMemoryInfo(void *device, nvmlMemory_t *memory) {
    int rc = (int) num("MEM_RC", 0);
    if (rc) return rc;
    int i = index_of(device);
    memory->total = (unsigned long long) dev_num("TOTAL", i, 80000000000LL);
    memory->used = (unsigned long long) dev_num("USED", i, 0);
    memory->free = memory->total - memory->used;
    return 0;
}

int nvmlDeviceGetUtilizationRates(void *device, nvmlUtilization_t *util) {
    int rc = (int) num("UTIL_RC", 0);
    if (rc) return rc;
    util->gpu = (unsigned int) dev_num("UTIL", index_of(device), 0);
    util->memory = 0;
    return 0;
}

const char *nvmlErrorString(int result) {
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 9: return "Driver Not Loaded";
        default: return "Unknown Error";
    }
}
