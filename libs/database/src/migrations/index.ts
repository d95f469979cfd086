import { AuditChainSealer1795451716186 } from './1795451716186-AuditChainSealer';
import { Checklists1795451097914 } from './1795451097914-Checklists';
import { ChecklistsAppendOnly1795451097915 } from './1795451097915-ChecklistsAppendOnly';
import { SocketAttachments1795450766191 } from './1795450766191-SocketAttachments';
import { Initial1795449416766 } from './1795449416766-Initial';
import { AppendOnly1795449416767 } from './1795449416767-AppendOnly';
import { Sessions1795450054650 } from './1795450054650-Sessions';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: Function[] = [Initial1795449416766, AppendOnly1795449416767, Sessions1795450054650, SocketAttachments1795450766191, Checklists1795451097914, ChecklistsAppendOnly1795451097915, AuditChainSealer1795451716186];
