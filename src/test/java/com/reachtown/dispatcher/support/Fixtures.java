package com.reachtown.dispatcher.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads payload fixtures from {@code src/test/resources}.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/**
	 * Reads a fixture file as UTF-8.
	 * @param path the path under {@code src/test/resources}, such as
	 * {@code waha/message-text.json}
	 * @return its content
	 */
	public static String read(String path) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
