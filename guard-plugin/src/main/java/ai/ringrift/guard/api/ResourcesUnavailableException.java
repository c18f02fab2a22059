package ai.ringrift.guard.api;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@code requireResources}: names each short resource and by how much. */
public class ResourcesUnavailableException extends RuntimeException {

    private final transient List<Shortfall> shortfalls;

    public ResourcesUnavailableException(List<Shortfall> shortfalls) {
        this("resources unavailable", shortfalls);
    }

    public ResourcesUnavailableException(String prefix, List<Shortfall> shortfalls) {
        super(prefix + ": " + shortfalls.stream().map(Shortfall::message).collect(Collectors.joining("; ")));
        this.shortfalls = List.copyOf(shortfalls);
    }

    public List<Shortfall> shortfalls() {
        return shortfalls;
    }
}
