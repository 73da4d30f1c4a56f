package com.bowwow.signal.propagation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Blocks, suspensions and deletions at delivery time, read from the safety read model
 * that user-service keeps in Redis ({@link SafetyReads}): an arrival is dropped when its
 * sender and receiver are now blocked either way, or either of them is suspended or
 * deleted. This is what stops waves already travelling when a block or suspension lands.
 *
 * <p>
 * One pipelined round trip per batch whatever its size and however many waves it mixes:
 * one {@code SMISMEMBER} on each sender's block set, one on the suspended set and one on
 * the deleted set. When Redis cannot answer the exception propagates and the batch is
 * retried later: never delivered unchecked.
 */
public class SafetyGuard implements ArrivalGuard {

	private final StringRedisTemplate redis;

	public SafetyGuard(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public List<Arrival> forbidden(List<Arrival> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		Map<UserId, List<UserId>> receiversBySender = new LinkedHashMap<>();
		Set<UserId> everyone = new LinkedHashSet<>();
		for (Arrival arrival : batch) {
			receiversBySender.computeIfAbsent(arrival.senderId(), (sender) -> new ArrayList<>())
				.add(arrival.receiverId());
			everyone.add(arrival.senderId());
			everyone.add(arrival.receiverId());
		}
		List<UserId> senders = List.copyOf(receiversBySender.keySet());
		List<UserId> users = List.copyOf(everyone);
		RedisSerializer<String> strings = this.redis.getStringSerializer();
		List<Object> answers = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (UserId sender : senders) {
				connection.setCommands()
					.sMIsMember(strings.serialize(SafetyReads.blocksKey(sender)),
							serialize(strings, receiversBySender.get(sender)));
			}
			connection.setCommands()
				.sMIsMember(strings.serialize(SafetyReads.SUSPENDED_KEY), serialize(strings, users));
			// user-service adds a deleted user here before its 204: the wave stops at
			// once,
			// before the UserDeleted event has removed their rows
			connection.setCommands().sMIsMember(strings.serialize(SafetyReads.DELETED_KEY), serialize(strings, users));
			return null;
		});
		if (answers.size() != senders.size() + 2) {
			throw new IllegalStateException(
					"The safety read model gave " + answers.size() + " answers, expected " + (senders.size() + 2));
		}
		Set<String> blockedPairs = new HashSet<>();
		for (int s = 0; s < senders.size(); s++) {
			List<UserId> receivers = receiversBySender.get(senders.get(s));
			List<?> flags = flags(answers.get(s), receivers.size());
			for (int r = 0; r < receivers.size(); r++) {
				if (Boolean.TRUE.equals(flags.get(r))) {
					blockedPairs.add(senders.get(s) + "/" + receivers.get(r));
				}
			}
		}
		Set<UserId> suspended = new HashSet<>();
		List<?> suspendedFlags = flags(answers.get(senders.size()), users.size());
		List<?> deletedFlags = flags(answers.get(senders.size() + 1), users.size());
		for (int u = 0; u < users.size(); u++) {
			if (Boolean.TRUE.equals(suspendedFlags.get(u)) || Boolean.TRUE.equals(deletedFlags.get(u))) {
				suspended.add(users.get(u));
			}
		}
		if (blockedPairs.isEmpty() && suspended.isEmpty()) {
			return List.of();
		}
		return batch.stream()
			.filter((arrival) -> suspended.contains(arrival.senderId()) || suspended.contains(arrival.receiverId())
					|| blockedPairs.contains(arrival.senderId() + "/" + arrival.receiverId()))
			.toList();
	}

	private static byte[][] serialize(RedisSerializer<String> strings, List<UserId> users) {
		return users.stream().map((id) -> strings.serialize(id.toString())).toArray(byte[][]::new);
	}

	/** Fails (so the batch is retried) rather than read a short or odd answer as "no". */
	private static List<?> flags(Object answer, int expected) {
		if (answer instanceof List<?> flags && flags.size() == expected) {
			return flags;
		}
		throw new IllegalStateException("Unexpected answer from the safety read model: " + answer);
	}

}
