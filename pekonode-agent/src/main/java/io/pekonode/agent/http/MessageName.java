package io.pekonode.agent.http;

/** Event, query and service names as the percent-encoded rest of a path. */
final class MessageName {

    private MessageName() {
    }

    /** @throws IllegalArgumentException when empty, malformed or not UTF-8 */
    static String decode(String raw, String what) {
        String name = KeyPath.decode(raw);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing " + what + " name in the path");
        }
        return name;
    }
}
