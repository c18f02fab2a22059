package ai.ringrift.guard.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * A SnakeYAML {@link Parser} that holds the event stream to {@link ConfigLimits} while the
 * composer builds the tree: nesting depth, value length, aliases to lists and mappings, aliases
 * that refer to the collection they are in, and the number of values with every alias counted as
 * the values it repeats (so an alias bomb is refused before the reader walks its expansion). A
 * broken limit is a {@link LimitExceeded} with the line.
 */
final class LimitedParser implements Parser {

    /** A limit the input breaks, at a 1-based line (0 when unknown). */
    static final class LimitExceeded extends RuntimeException {
        private final int line;

        LimitExceeded(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** An open list or mapping: its anchor and the values in it so far (itself included). */
    private static final class Frame {
        final String anchor;
        long size = 1;

        Frame(String anchor) {
            this.anchor = anchor;
        }
    }

    private final Parser delegate;
    private final Deque<Frame> open = new ArrayDeque<>();
    private final Map<String, Long> anchored = new HashMap<>();
    private final Set<String> anchoredCollections = new HashSet<>();
    private final Set<String> openAnchors = new HashSet<>();
    private long nodes;
    private int collectionAliases;

    LimitedParser(Parser delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return delegate.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event e = delegate.getEvent();
        if (e instanceof ScalarEvent s) {
            if (s.getValue().length() > ConfigLimits.MAX_VALUE_CHARS) {
                throw new LimitExceeded(line(e), "a value of " + s.getValue().length() + " characters: the limit is "
                        + ConfigLimits.MAX_VALUE_CHARS + " characters per value");
            }
            anchor(s.getAnchor(), 1, false);
            add(e, 1);
        } else if (e instanceof AliasEvent a) {
            alias(a);
        } else if (e instanceof CollectionStartEvent c) {
            count(e, 1); // its own 1 reaches the enclosing collection with its size, at its end
            if (open.size() >= ConfigLimits.MAX_DEPTH) {
                throw new LimitExceeded(line(e), "lists and mappings nested deeper than " + ConfigLimits.MAX_DEPTH
                        + " levels: the limit is " + ConfigLimits.MAX_DEPTH);
            }
            open.push(new Frame(c.getAnchor()));
            if (c.getAnchor() != null) {
                openAnchors.add(c.getAnchor());
            }
        } else if (e.is(Event.ID.SequenceEnd) || e.is(Event.ID.MappingEnd)) {
            Frame f = open.pop();
            if (f.anchor != null) {
                openAnchors.remove(f.anchor);
                anchor(f.anchor, f.size, true);
            }
            if (!open.isEmpty()) {
                open.peek().size += f.size;
            }
        }
        return e;
    }

    private void alias(AliasEvent a) {
        String name = a.getAnchor();
        if (openAnchors.contains(name)) {
            throw new LimitExceeded(line(a), "alias *" + ConfigLimits.quote(name)
                    + " refers to the list or mapping it is in: recursive aliases are refused");
        }
        if (anchoredCollections.contains(name) && ++collectionAliases > ConfigLimits.MAX_COLLECTION_ALIASES) {
            throw new LimitExceeded(line(a), "more than " + ConfigLimits.MAX_COLLECTION_ALIASES
                    + " aliases to lists or mappings: the limit is " + ConfigLimits.MAX_COLLECTION_ALIASES);
        }
        add(a, anchored.getOrDefault(name, 1L));
    }

    private void anchor(String name, long size, boolean collection) {
        if (name == null) {
            return;
        }
        anchored.put(name, size);
        if (collection) {
            anchoredCollections.add(name);
        } else {
            anchoredCollections.remove(name);
        }
    }

    /** Counts {@code size} more values in the open collection and in all. */
    private void add(Event e, long size) {
        if (!open.isEmpty()) {
            open.peek().size += size;
        }
        count(e, size);
    }

    private void count(Event e, long size) {
        nodes += size;
        if (nodes > ConfigLimits.MAX_NODES) {
            throw new LimitExceeded(line(e), "more than " + ConfigLimits.MAX_NODES + " values, each alias counted "
                    + "as the values it repeats: the limit is " + ConfigLimits.MAX_NODES);
        }
    }

    private static int line(Event e) {
        return e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
    }
}
