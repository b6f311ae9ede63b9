package org.mtrace.mscan.report.html;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own
 * client: no test dependency), so a test can load a page, click, type and read the DOM, and
 * collects every console error, log error and uncaught exception the page produces.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /** The browser: $MTRACE_CHROMIUM, else chromium (Debian), chromium-browser or google-chrome on PATH. */
    static Optional<Path> find() {
        String explicit = System.getenv("MTRACE_CHROMIUM");
        if (explicit != null && !explicit.isEmpty()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path chromium) throws Exception {
        profile = Files.createTempDirectory("mscan-chromium");
        process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,1000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IOException("chromium exited before listening for DevTools"));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (Object target : Json.array(Json.parse(list))) {
            Map<String, Object> t = Json.object(target);
            if ("page".equals(t.get("type"))) {
                pageUrl = (String) t.get("webSocketDebuggerUrl");
                break;
            }
        }
        if (pageUrl == null) {
            throw new IOException("chromium lists no page target: " + list);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.enable", Map.of());
    }

    /** Loads {@code page} and waits for its load event; clears the errors collected so far. */
    void load(Path page) throws Exception {
        errors.clear();
        loaded = new CompletableFuture<>();
        call("Page.navigate", Map.of("url", page.toUri().toString()));
        loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The value of a JavaScript expression in the page (JSON-compatible values only). */
    Object eval(String expression) throws Exception {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.containsKey("exceptionDetails")) {
            throw new AssertionError("page threw evaluating " + expression + ": " + Json.write(r.get("exceptionDetails")));
        }
        return longs(Json.object(r.get("result")).get("value"));
    }

    /** Integers as Long (the parser gives BigInteger; page values are small), recursively. */
    private static Object longs(Object v) {
        if (v instanceof java.math.BigInteger) {
            return ((java.math.BigInteger) v).longValueExact();
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(longs(o));
            }
            return out;
        }
        return v;
    }

    /** Console errors, log errors and uncaught exceptions since the last load. */
    List<String> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    private Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(Json.write(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> m = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (m.containsKey("error")) {
            throw new IOException(method + ": " + Json.write(m.get("error")));
        }
        return Json.object(m.get("result"));
    }

    private void event(String method, Map<String, Object> params) {
        switch (method) {
            case "Page.loadEventFired":
                loaded.complete(null);
                break;
            case "Runtime.exceptionThrown":
                errors.add("exception: " + Json.write(params.get("exceptionDetails")));
                break;
            case "Runtime.consoleAPICalled":
                if ("error".equals(params.get("type")) || "assert".equals(params.get("type"))) {
                    errors.add("console." + params.get("type") + ": " + Json.write(params.get("args")));
                }
                break;
            case "Log.entryAdded":
                Map<String, Object> entry = Json.object(params.get("entry"));
                if ("error".equals(entry.get("level"))) {
                    errors.add("log: " + entry.get("text") + " (" + entry.get("url") + ")");
                }
                break;
            default:
                break;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> m = Json.object(Json.parse(partial.toString()));
                partial.setLength(0);
                if (m.containsKey("id")) {
                    CompletableFuture<Map<String, Object>> f = pending.remove(((Number) m.get("id")).intValue());
                    if (f != null) {
                        f.complete(m);
                    }
                } else if (m.containsKey("method")) {
                    event((String) m.get("method"), m.containsKey("params") ? Json.object(m.get("params")) : Map.of());
                }
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
