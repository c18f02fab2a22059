package ai.ringrift.guard.sample.nvml;

/** An NVML call returned an error code. */
public class NvmlException extends Exception {

    private final int code;

    public NvmlException(String call, int code, String text) {
        super(call + " returned " + code + " (" + text + ")");
        this.code = code;
    }

    public NvmlException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The {@code nvmlReturn_t}, or -1 when the library could not be loaded. */
    public int code() {
        return code;
    }
}
