import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { PostMessageDto } from '@brygga/threads';

export class JoinDto {
  @IsString() @MaxLength(64) threadId: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(2_147_483_647) lastSeq: number;
}

export class LeaveDto {
  @IsString() @MaxLength(64) threadId: string;
}

export class ReadDto {
  @IsString() @MaxLength(64) threadId: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) upToSeq: number;
}

export class SocketPostDto extends PostMessageDto {
  @IsString() @MaxLength(64) threadId: string;
}

export class InboxWatchDto {
  @IsBoolean() on: boolean;
}
