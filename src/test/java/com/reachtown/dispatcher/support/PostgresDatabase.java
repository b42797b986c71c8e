package com.reachtown.dispatcher.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the PostgreSQL server at 127.0.0.1:5432 (user
 * {@code postgres}, trust authentication), created for one test class and dropped after
 * it. Where no server is reachable the test class is skipped with a message, unless
 * {@code DISPATCHER_REQUIRE_POSTGRES=true} (set by {@code .ci/run}) makes it fail.
 */
public final class PostgresDatabase implements AutoCloseable {

	private static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String USER = "postgres";

	private final String name;

	private PostgresDatabase(String name) {
		this.name = name;
	}

	/**
	 * Creates a new, empty database, or skips the calling test when no server is
	 * reachable.
	 * @return the database
	 */
	public static PostgresDatabase create() {
		String name = "dispatcher_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection connection = DriverManager.getConnection(SERVER_URL + "postgres", USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
			return new PostgresDatabase(name);
		}
		catch (SQLException ex) {
			String message = "PostgreSQL is not reachable at 127.0.0.1:5432 as user postgres (" + ex.getMessage()
					+ "); PostgreSQL tests skipped";
			if ("true".equals(System.getenv("DISPATCHER_REQUIRE_POSTGRES"))) {
				Assertions.fail(message.replace("skipped", "required by DISPATCHER_REQUIRE_POSTGRES"), ex);
			}
			System.err.println("WARNING: " + message);
			Assumptions.abort(message);
			throw new IllegalStateException("unreachable");
		}
	}

	public String jdbcUrl() {
		return SERVER_URL + this.name;
	}

	public String user() {
		return USER;
	}

	public String name() {
		return this.name;
	}

	/**
	 * Drops the database, closing any connection still open to it.
	 */
	@Override
	public void close() {
		try (Connection connection = DriverManager.getConnection(SERVER_URL + "postgres", USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + this.name + " with (force)");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not drop test database " + this.name, ex);
		}
	}

}
