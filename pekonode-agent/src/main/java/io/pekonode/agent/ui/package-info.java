/**
 * The web dashboard's static files (HTML, CSS, JavaScript modules and the vendored uPlot chart
 * library), packed inside the agent jar and served at {@code /ui/} by the HTTP API. The page itself
 * holds no data: everything it shows comes from the API with the token the user enters.
 */
package io.pekonode.agent.ui;
