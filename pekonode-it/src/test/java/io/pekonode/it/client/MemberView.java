package io.pekonode.it.client;

import java.util.Map;

/**
 * One entry of an agent's {@code GET /v1/members} answer.
 *
 * @param state one of ALIVE, SUSPECT, DEAD, LEFT
 */
public record MemberView(String id, String name, String address, String state, long incarnation,
                         Map<String, String> tags) {

    public boolean isAlive() {
        return "ALIVE".equals(state);
    }

    @Override
    public String toString() {
        return name + "/" + shortId() + "=" + state + "@" + incarnation;
    }

    private String shortId() {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
