/** The live sale view's data: the contract's type (types only: the admin console imports this). */
export type { SaleStats } from "@/contract/admin";
