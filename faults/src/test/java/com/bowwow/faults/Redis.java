package com.bowwow.faults;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.devstack.Infrastructure;

/**
 * One Redis command on the stack's Redis, for faults the services do not cause (a trim).
 */
final class Redis {

	private Redis() {
	}

	/** Keys matching a glob pattern ({@code SCAN}, never {@code KEYS}). */
	static List<String> keys(Infrastructure servers, String pattern) {
		List<String> found = new ArrayList<>();
		try (Socket socket = new Socket(servers.redisHost(), servers.redisPort())) {
			socket.setSoTimeout(10_000);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			String cursor = "0";
			do {
				socket.getOutputStream().write(request("SCAN", cursor, "MATCH", pattern, "COUNT", "1000"));
				// *2, then the next cursor as a bulk string, then an array of keys
				readLine(in);
				readLine(in);
				cursor = readLine(in);
				int count = Integer.parseInt(readLine(in).substring(1));
				for (int i = 0; i < count; i++) {
					readLine(in);
					found.add(readLine(in));
				}
			}
			while (!"0".equals(cursor));
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] request(String... arguments) {
		StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
		for (String argument : arguments) {
			request.append('$')
				.append(argument.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(argument)
				.append("\r\n");
		}
		return request.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\r') {
			line.append((char) c);
		}
		in.read();
		return line.toString();
	}

	/** Sends the command and returns the first line of the reply (e.g. ":12"). */
	static String command(Infrastructure servers, String... arguments) {
		try (Socket socket = new Socket(servers.redisHost(), servers.redisPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request(arguments));
			return readLine(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
