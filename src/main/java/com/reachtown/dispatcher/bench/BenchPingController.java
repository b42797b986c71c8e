package com.reachtown.dispatcher.bench;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/ping}: an endpoint that does no work, present only with the
 * {@code bench} profile. The benchmark in {@code bench/} measures it beside the send
 * endpoint, so that both go through the same server, filters and dispatcher servlet.
 */
@RestController
@Profile("bench")
class BenchPingController {

	@GetMapping(path = "/bench/ping", produces = "text/plain")
	String ping() {
		return "pong";
	}

}
