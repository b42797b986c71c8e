package com.reachtown.dispatcher.operations;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

final class RequestIdAssertions {

	private RequestIdAssertions() {
	}

	static void isUuid(String value) {
		assertThat(UUID.fromString(value).toString()).isEqualTo(value);
	}

}
