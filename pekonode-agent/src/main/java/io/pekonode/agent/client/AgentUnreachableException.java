package io.pekonode.agent.client;

/** No agent answered at the HTTP address (not running, wrong --http, or firewalled). */
public final class AgentUnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
