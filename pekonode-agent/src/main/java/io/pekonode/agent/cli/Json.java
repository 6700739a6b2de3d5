package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The commands' JSON reader for streamed answers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
