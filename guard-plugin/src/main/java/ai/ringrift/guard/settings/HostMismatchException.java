package ai.ringrift.guard.settings;

/**
 * Settings that are valid but that this host cannot satisfy ({@code sampling.gpu: on} where no
 * GPU can be read). A configuration error like {@link InvalidSettingsException}, not a failure:
 * the guard refuses to start without logging a stack trace, and the CLI exits 2 with the message,
 * which names the setting and what to do.
 */
public class HostMismatchException extends IllegalStateException {

    public HostMismatchException(String message) {
        super(message);
    }
}
